/**
 * The JSON Schema (draft 2020-12) of the policy file, generated from the zod schema so the two
 * cannot drift. It describes what a person writes (the input side: defaults are optional).
 * Checks written as code (CIDR syntax, ports per protocol) are the loader's alone.
 */
import { z } from 'zod';
import { policyFileSchema, policySchema } from './schema';

export const POLICY_FILE_SCHEMA_ID = 'https://guardrail.dev/schema/policy-file.v1.schema.json';

/**
 * What the policy schema checks in code about lock policies, said in JSON Schema for editors: a
 * lock policy has no `required` or `allow`; `trustedPrincipals` only comes with `lock: true`.
 */
const LOCK_RULES = {
  if: { required: ['lock'], properties: { lock: { const: true } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword
  then: {
    properties: Object.fromEntries(
      ['ingress', 'egress'].map((direction) => [
        direction,
        { properties: { required: { maxItems: 0 }, allow: false } },
      ]),
    ),
  },
  else: { not: { required: ['trustedPrincipals'] } },
};

export function policyFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(policyFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === policySchema) Object.assign(ctx.jsonSchema, LOCK_RULES);
    },
  });
  return { ...schema, $id: POLICY_FILE_SCHEMA_ID, title: 'Guardrail policy file, version 1' };
}

/** The committed file's exact text (two-space JSON and a final newline). */
export function policyFileJsonSchemaText(): string {
  return `${JSON.stringify(policyFileJsonSchema(), null, 2)}\n`;
}
