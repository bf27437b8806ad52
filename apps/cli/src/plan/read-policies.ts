/** `--policies <file>`: the policy file and the shipped policies, or the shipped ones alone; a bad file is exit 2. */
import { GuardrailError, loadPolicies, type PolicyFile } from '@guardrail/core';
import { CliInputError } from '../io';

export function readPolicies(file: string | undefined): PolicyFile {
  try {
    return loadPolicies(file === undefined ? {} : { file });
  } catch (error) {
    if (error instanceof GuardrailError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
}
