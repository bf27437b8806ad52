/**
 * Policies compiled at synth. Infra loads the policy file with the full loader (YAML, the zod
 * schema, defaults, the shipped policies merged in) and writes the result as JSON into the hub's
 * asset; the Lambda reads that JSON, so it carries neither the YAML parser nor the schema.
 *
 * The Lambda trusts the validation done at synth and verifies that it reads exactly what synth
 * wrote: the document names its format and version, and carries the SHA-256 of the policies. A
 * file edited by hand, truncated, or written by another version of Guardrail is refused with a
 * PolicyFileError (the hub then fails loudly, as for a bad YAML file), never half-read. Checking
 * the whole schema again at every cold start would cost the schema's code and time for a file
 * that cannot differ from the one synth validated unless it was tampered with, which the
 * checksum catches.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PolicyFileError } from './errors';
import type { PolicyFile } from './types';

export const COMPILED_POLICIES_FORMAT = 'guardrail-compiled-policies';
/** The document's version: a hub reads only its own (the asset is built with the code it ships with). */
export const COMPILED_POLICIES_VERSION = 1;

export interface CompiledPoliciesDocument {
  format: typeof COMPILED_POLICIES_FORMAT;
  version: typeof COMPILED_POLICIES_VERSION;
  /** Hex SHA-256 of `JSON.stringify(policies)`. */
  sha256: string;
  /** The policies the hub uses, as validated at synth (shipped ones included, defaults applied). */
  policies: PolicyFile;
}

function digest(policies: unknown): string {
  return createHash('sha256').update(JSON.stringify(policies)).digest('hex');
}

/** The compiled document of an already validated policy file, as the text infra writes. */
export function compiledPoliciesText(policies: PolicyFile): string {
  const document: CompiledPoliciesDocument = {
    format: COMPILED_POLICIES_FORMAT,
    version: COMPILED_POLICIES_VERSION,
    sha256: digest(policies),
    policies,
  };
  return `${JSON.stringify(document)}\n`;
}

function refuse(file: string, message: string, cause?: unknown): never {
  throw new PolicyFileError(file, [{ path: '', message }], cause === undefined ? undefined : { cause });
}

/** Reads a compiled document's text (`file` names it in errors); PolicyFileError unless it is intact. */
export function parseCompiledPolicies(text: string, file: string): PolicyFile {
  let document: Partial<CompiledPoliciesDocument> | null;
  try {
    document = JSON.parse(text) as Partial<CompiledPoliciesDocument> | null;
  } catch (error) {
    return refuse(file, `not JSON: ${(error as Error).message}`, error);
  }
  if (document?.format !== COMPILED_POLICIES_FORMAT) {
    return refuse(file, `not a compiled policy file (format ${COMPILED_POLICIES_FORMAT} expected)`);
  }
  if (document.version !== COMPILED_POLICIES_VERSION) {
    return refuse(
      file,
      `compiled policy file version ${String(document.version)}, this hub reads version ${COMPILED_POLICIES_VERSION}: synthesize again`,
    );
  }
  if (typeof document.policies !== 'object' || document.policies === null) {
    return refuse(file, 'has no policies');
  }
  if (document.sha256 !== digest(document.policies)) {
    return refuse(file, 'checksum mismatch: the policies were changed after synth (synthesize again)');
  }
  return document.policies;
}

/** Reads a compiled policy file from disk (GUARDRAIL_COMPILED_POLICY_FILE). */
export function loadCompiledPolicies(file: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return refuse(file, `cannot read: ${(error as Error).message}`, error);
  }
  return parseCompiledPolicies(text, file);
}
