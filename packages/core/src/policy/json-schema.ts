/**
 * The JSON Schema (draft 2020-12) of the policy file, generated from the zod schema so the two
 * cannot drift. It describes what a person writes (the input side: defaults are optional).
 * Checks written as code (CIDR syntax, ports per protocol) are the loader's alone.
 */
import { z } from 'zod';
import { policyFileSchema } from './schema';

export const POLICY_FILE_SCHEMA_ID = 'https://guardrail.dev/schema/policy-file.v1.schema.json';

export function policyFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policyFileSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, $id: POLICY_FILE_SCHEMA_ID, title: 'Guardrail policy file, version 1' };
}

/** The committed file's exact text (two-space JSON and a final newline). */
export function policyFileJsonSchemaText(): string {
  return `${JSON.stringify(policyFileJsonSchema(), null, 2)}\n`;
}
