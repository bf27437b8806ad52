/**
 * The zod schema of `guardrail plan --format json` (plan-json.ts `PlanJson`), version 1: one
 * group's object (several groups print an array of them). The CLI builds the JSON in code, so the
 * schema describes it rather than validating it; the committed JSON Schema
 * (apps/cli/schema/plan.v1.schema.json, draft 2020-12) is generated from it, and a compile-time
 * check keeps it and `PlanJson` the same type. The IpPermission piece is core's, shared with the
 * alert document's schema.
 */
import { ec2IpPermissionSchema } from '@guardrail/core';
import { z } from 'zod';
import { PLAN_JSON_SCHEMA_VERSION, type PlanJson } from './plan-json';

export const PLAN_JSON_SCHEMA_ID = 'https://guardrail.dev/schema/plan.v1.schema.json';

const direction = z.enum(['ingress', 'egress']).meta({ id: 'Direction' });
const cause = z.enum(['change', 'drift']).meta({
  id: 'Cause',
  description: 'change: brought by the triggering change (--event); drift: already there',
});

const exception = z
  .strictObject({
    id: z.string().describe("The exception's id, or its place in the policy file (exceptions[2])"),
    direction,
    reason: z.string(),
    expires: z.string().describe('ISO 8601, as written in the policy file: it applies strictly before it'),
    applied: z.boolean().describe("True when it lets at least one of the group's rules stay"),
  })
  .meta({
    id: 'PlanException',
    description: 'A policy exception in force for the group at the plan instant',
  });

const violation = z
  .strictObject({
    code: z.enum(['denied', 'not-allowed', 'missing-required', 'modified']),
    direction,
    reason: z.string(),
    source: z.string().nullable().describe('The policy path that judged the rule'),
    cause,
    internet: z.boolean(),
    adminPort: z.boolean(),
    ruleId: z.string().nullable(),
    permission: ec2IpPermissionSchema,
  })
  .meta({ id: 'PlanViolation' });

const action = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('revoke'),
      direction,
      ruleId: z.string().optional().describe('Present when the rule id is known: the revoke is by id'),
      permission: ec2IpPermissionSchema,
      cause,
    }),
    z.strictObject({ type: z.literal('authorize'), direction, permission: ec2IpPermissionSchema, cause }),
    z.strictObject({
      type: z.literal('update-description'),
      direction,
      ruleId: z.string().optional().describe('Present when the rule id is known: the update is by id'),
      permission: ec2IpPermissionSchema.describe('The rule, carrying the description to put back'),
      description: z.string().describe("The lock baseline's description (empty: none)"),
      cause,
    }),
  ])
  .meta({ id: 'PlanAction' });

const lock = z
  .discriminatedUnion('status', [
    z.strictObject({ status: z.literal('no-baseline') }),
    z.strictObject({
      status: z.literal('baseline-mismatch'),
      message: z.string().describe("Why the baseline given is not the group's"),
    }),
    z.strictObject({
      status: z.literal('enforced'),
      version: z.number().int().positive().describe('The baseline version the group was judged against'),
    }),
    z.strictObject({
      status: z.literal('rebaseline'),
      version: z.number().int().positive().describe('The baseline version the accepted change follows'),
      by: z.string().describe('The trusted principal credited with the new baseline'),
    }),
  ])
  .meta({
    id: 'PlanLock',
    description:
      "A lock policy's group: judged against a baseline version (enforced), a trusted change accepted as the new baseline (rebaseline), or not judged at all (no-baseline, baseline-mismatch)",
  });

export const planJsonSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_JSON_SCHEMA_VERSION),
  groupId: z.string(),
  groupName: z.string().nullable(),
  vpcId: z.string().nullable(),
  account: z.string().nullable().describe("The group's account, when known"),
  region: z.string().nullable().describe('The region of a live plan (--region); null from files'),
  managed: z.boolean().describe('True when the group carries the opt-in tag and names a known policy'),
  unmanagedReason: z.enum(['not-opted-in']).nullable(),
  misconfiguration: z
    .string()
    .nullable()
    .describe(
      'Set when the opt-in tag names an unknown policy or the mode tag is invalid: reported, never changed',
    ),
  policy: z.string().nullable(),
  mode: z.enum(['enforce', 'audit']).nullable().describe('enforce: remediate and alert; audit: alert only'),
  lock: lock.nullable().describe('Null unless the group is under a lock policy'),
  evaluatedAt: z.string().describe('The plan instant (ISO 8601; --now)'),
  exceptions: z.array(exception),
  violations: z.array(violation),
  actions: z.array(action),
  unverifiable: z
    .array(
      z.strictObject({
        prefixListId: z.string(),
        reason: z.string(),
        permissions: z.array(ec2IpPermissionSchema),
      }),
    )
    .optional()
    .describe(
      'Only when the plan read the prefix lists (--prefix-lists, or a live plan): those it could not',
    ),
});

// The schema's type and PlanJson must be the same type (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsPlanJson: Same<z.output<typeof planJsonSchema>, PlanJson> = true;
void schemaIsPlanJson;

export function planJsonSchemaDocument(): Record<string, unknown> {
  const schema = z.toJSONSchema(planJsonSchema, { io: 'output' });
  return {
    ...schema,
    $id: PLAN_JSON_SCHEMA_ID,
    title: 'Guardrail plan JSON, version 1',
    description:
      'One group as `guardrail plan --format json` prints it. With one group the output is this object alone; ' +
      'with several groups (any number but one) it is an array of them, in input order.',
  };
}

/** The committed file's exact text (two-space JSON and a final newline). */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchemaDocument(), null, 2)}\n`;
}
