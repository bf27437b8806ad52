/**
 * The policies as the hub's Lambda reads them: the configured policy file loaded at synth with the
 * hub's full loader (YAML, the schema, defaults, the shipped policies merged in), compiled once to
 * prove every matcher and required permission builds, and written as a compiled document (JSON with
 * its checksum, @guardrail/core compiled.ts) into the asset. The Lambda then parses no YAML and
 * bundles no schema; a policy file that would fail there fails the synth instead.
 */
import { createHash } from 'node:crypto';
import { compiledPoliciesText, compilePolicyFile, loadPolicies } from '@guardrail/core';

/** The compiled policies' file in the hub's asset (the Lambda code root is /var/task). */
export const COMPILED_POLICY_ASSET_FILE = 'guardrail-policies.json';
export const LAMBDA_TASK_ROOT = '/var/task';

export interface PolicyAsset {
  /** The compiled document's text, as written into the asset. */
  text: string;
  /** Hex SHA-256 of the text: the asset's cache key changes with the policies. */
  sha256: string;
}

/** Loads, validates and compiles the policy file; throws its PolicyFileError (every problem, one a line). */
export function compilePolicyAsset(policyFilePath: string): PolicyAsset {
  const policies = loadPolicies({ file: policyFilePath });
  compilePolicyFile(policies);
  const text = compiledPoliciesText(policies);
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}
