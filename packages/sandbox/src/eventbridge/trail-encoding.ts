/**
 * How CloudTrail records EventBridge's JSON-protocol calls: the request and response members with
 * lower-camel keys (`{ name: 'rule' }`, `{ rule, targets: [{ id, arn }] }`, `{ ruleArn }`), and an
 * empty response (DisableRule, DeleteRule...) as null.
 */

function lowerCamel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCamel);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), lowerCamel(v)]),
  );
}

export function encodeEventsMembers(members: object): Record<string, unknown> | null {
  const encoded = lowerCamel(members) as Record<string, unknown>;
  return Object.keys(encoded).length > 0 ? encoded : null;
}
