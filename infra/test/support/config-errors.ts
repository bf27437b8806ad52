import { DeployConfigError } from '../../src/config/errors';
import { parseDeployConfig } from '../../src/config/load';
import type { DeployConfig } from '../../src/config/schema';
import { EXAMPLE_CONFIG, exampleConfigObject } from './synth';

/** The DeployConfigError `run` throws (any other outcome fails the test). */
export function captureConfigError(run: () => unknown): DeployConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof DeployConfigError) return error;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
}

/** The example configuration with some top-level fields replaced, parsed. */
export function exampleWith(overrides: Record<string, unknown>): DeployConfig {
  return parseDeployConfig({ ...exampleConfigObject(), ...overrides }, EXAMPLE_CONFIG);
}
