/** Reads one stored PostureGroup back, field by field, as postureGroup / unreadableGroup write it. */
import type { Severity } from '../alerts/types';
import type { ExceptionInForce, ViolationCode } from '../plan/types';
import type { PostureGroup, PostureStatus, PostureViolation } from '../report/types';
import {
  childPath,
  type Element,
  expectObject,
  optionalOneOf,
  optionalString,
  requiredArray,
  requiredBoolean,
  requiredOneOf,
  requiredString,
  ShapeError,
} from './fields';

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'info'];
const STATUSES: readonly PostureStatus[] = ['compliant', 'violating', 'misconfigured', 'unreadable'];
const CODES: readonly ViolationCode[] = ['denied', 'not-allowed', 'missing-required', 'modified'];
const DIRECTIONS = ['ingress', 'egress'] as const;
const MODES = ['enforce', 'audit'] as const;

function violation({ value, path }: Element): PostureViolation {
  const v = expectObject(value, path);
  return {
    code: requiredOneOf(v, 'code', path, CODES),
    direction: requiredOneOf(v, 'direction', path, DIRECTIONS),
    rule: requiredString(v, 'rule', path),
    reason: requiredString(v, 'reason', path),
    severity: requiredOneOf(v, 'severity', path, SEVERITIES),
  };
}

function exception({ value, path }: Element): ExceptionInForce {
  const e = expectObject(value, path);
  return {
    id: requiredString(e, 'id', path),
    direction: requiredOneOf(e, 'direction', path, DIRECTIONS),
    reason: requiredString(e, 'reason', path),
    expires: requiredString(e, 'expires', path),
    applied: requiredBoolean(e, 'applied', path),
  };
}

/** A group of the target `where`: its account and region must be the target's. */
export function readPostureGroup(
  { value, path }: Element,
  where: { account: string; region: string },
): PostureGroup {
  const g = expectObject(value, path);
  for (const key of ['account', 'region'] as const) {
    const found = requiredString(g, key, path);
    if (found !== where[key])
      throw new ShapeError(
        childPath(path, key),
        `is ${JSON.stringify(found)}, not the result's ${where[key]}`,
      );
  }
  const groupName = optionalString(g, 'groupName', path);
  const vpcId = optionalString(g, 'vpcId', path);
  const policy = optionalString(g, 'policy', path);
  const mode = optionalOneOf(g, 'mode', path, MODES);
  const misconfiguration = optionalString(g, 'misconfiguration', path);
  const reason = optionalString(g, 'reason', path);
  return {
    account: where.account,
    region: where.region,
    groupId: requiredString(g, 'groupId', path),
    ...(groupName === undefined ? {} : { groupName }),
    ...(vpcId === undefined ? {} : { vpcId }),
    ...(policy === undefined ? {} : { policy }),
    ...(mode === undefined ? {} : { mode }),
    status: requiredOneOf(g, 'status', path, STATUSES),
    severity: requiredOneOf(g, 'severity', path, SEVERITIES),
    violations: requiredArray(g, 'violations', path).map(violation),
    ...(misconfiguration === undefined ? {} : { misconfiguration }),
    ...(reason === undefined ? {} : { reason }),
    exceptions: requiredArray(g, 'exceptions', path).map(exception),
  };
}
