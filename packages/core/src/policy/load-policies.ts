/**
 * The policies the hub and the CLI use: the shipped ones plus an optional user file, given as
 * text (GUARDRAIL_POLICY_YAML) or as a path (GUARDRAIL_POLICY_FILE, --policies).
 */
import { readFileSync } from 'node:fs';
import { PolicyFileError } from './errors';
import { loadPolicyFile } from './load';
import { SHIPPED_POLICIES, withShippedPolicies } from './shipped';
import type { PolicyFile } from './types';

export interface PolicySource {
  /** The YAML itself; `file` then only names it in errors. */
  text?: string;
  /** A path to read when no text is given. */
  file?: string;
}

export function loadPolicies(source: PolicySource = {}): PolicyFile {
  const { text, file } = source;
  if (text !== undefined) return withShippedPolicies(loadPolicyFile(text, file ?? '<inline policy>'));
  if (file === undefined) return SHIPPED_POLICIES;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyFileError(file, [{ path: '', message: `cannot read: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  return withShippedPolicies(loadPolicyFile(content, file));
}
