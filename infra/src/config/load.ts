import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadPolicies, type PolicyFile } from '@guardrail/core';
import { parse as parseYaml } from 'yaml';
import { DeployConfigError } from './errors';
import { configIssuesOf } from './issues';
import { type DeployConfig, deployConfigSchema } from './schema';

/**
 * Validates an already-parsed configuration object. `sourceFile` is used for messages and to
 * resolve the policy file (relative to the configuration file's directory).
 */
export function parseDeployConfig(raw: unknown, sourceFile: string): DeployConfig {
  const result = deployConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new DeployConfigError(sourceFile, configIssuesOf(result.error), { cause: result.error });
  }
  const parsed = result.data;
  const policyFilePath = resolve(dirname(sourceFile), parsed.policyFile);
  if (!existsSync(policyFilePath) || !statSync(policyFilePath).isFile()) {
    throw new DeployConfigError(sourceFile, [
      { field: 'policyFile', message: `file not found: ${policyFilePath}` },
    ]);
  }
  const policies = validatePolicyFile(sourceFile, policyFilePath);
  const { regions, globalResourcesRegion } = parsed.targets;
  return {
    ...parsed,
    sourceFile,
    policyFilePath,
    stickyPolicies: Object.entries(policies.policies)
      .filter(([, policy]) => policy.optOut === 'restore')
      .map(([name]) => name)
      .sort(),
    targets: {
      ...parsed.targets,
      // IAM is global: the role must be created in exactly one region that the StackSet deploys to.
      globalResourcesRegion:
        globalResourcesRegion ?? (regions.includes(parsed.hub.region) ? parsed.hub.region : regions[0]!),
    },
  };
}

/** Reads and validates a deploy configuration file (YAML, or JSON which YAML parses too). */
export function loadDeployConfig(file: string): DeployConfig {
  const sourceFile = resolve(file);
  let text: string;
  try {
    text = readFileSync(sourceFile, 'utf8');
  } catch (error) {
    throw new DeployConfigError(sourceFile, [{ field: '', message: 'cannot read the file' }], {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DeployConfigError(sourceFile, [{ field: '', message: `not valid YAML/JSON: ${message}` }], {
      cause: error,
    });
  }
  return parseDeployConfig(raw, sourceFile);
}

/**
 * The policy file is bundled into the hub: a bad one would deploy cleanly and then fail every
 * invocation, sending the whole hub queue to the DLQ. So it is validated at synth time, with the
 * hub's own loader, and every problem is reported with its field path.
 */
function validatePolicyFile(sourceFile: string, policyFilePath: string): PolicyFile {
  try {
    return loadPolicies({ file: policyFilePath });
  } catch (error) {
    // A PolicyFileError says one problem per line, each naming the file and the field path.
    const lines = (error instanceof Error ? error.message : String(error)).split('\n');
    throw new DeployConfigError(
      sourceFile,
      lines.map((message) => ({ field: 'policyFile', message })),
      { cause: error },
    );
  }
}
