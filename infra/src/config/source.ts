import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigSourceError } from './errors';

/** The context keys `cdk synth -c <key>=<value>` sets: a configuration file, or the example on purpose. */
export const CONFIG_CONTEXT = { file: 'config', example: 'example' } as const;

export const OWN_CONFIG_FILE = 'guardrail.config.yaml';
export const EXAMPLE_CONFIG_FILE = 'guardrail.config.example.yaml';

export interface ConfigSourceInput {
  /** `-c config=<path>`, relative to the working directory. */
  file?: unknown;
  /** `-c example=true`. */
  example?: unknown;
  /** Where guardrail.config.yaml and the example live (infra/). */
  infraRoot: string;
  exists?: (path: string) => boolean;
}

/** `true`, `"true"` or `"1"`; anything else (absent, `false`) is no. */
function asked(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

/**
 * Which configuration file synth uses: `-c config=<path>`, else infra/guardrail.config.yaml;
 * the example (account 111111111111) only when asked with `-c example=true`, never as a silent
 * fallback, since a deployment of the example would watch an organization that is not yours.
 */
export function chooseConfigFile(input: ConfigSourceInput): string {
  const exists = input.exists ?? existsSync;
  const file = typeof input.file === 'string' && input.file !== '' ? input.file : undefined;
  if (asked(input.example)) {
    if (file !== undefined)
      throw new ConfigSourceError(
        `-c ${CONFIG_CONTEXT.example}=true and -c ${CONFIG_CONTEXT.file}=${file}: give one of them`,
      );
    return resolve(input.infraRoot, EXAMPLE_CONFIG_FILE);
  }
  if (file !== undefined) return resolve(file);
  const own = resolve(input.infraRoot, OWN_CONFIG_FILE);
  if (exists(own)) return own;
  throw new ConfigSourceError(
    `no deploy configuration: create infra/${OWN_CONFIG_FILE} from infra/${EXAMPLE_CONFIG_FILE} ` +
      `or pass -c ${CONFIG_CONTEXT.file}=<file>; to synthesize the example itself, pass -c ${CONFIG_CONTEXT.example}=true`,
  );
}
