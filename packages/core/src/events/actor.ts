/** Who made a call: CloudTrail's `userIdentity` plus the request context around it. */
import {
  childPath,
  type JsonObject,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredObject,
  requiredString,
} from '../rules/json-shape';
import type { Actor } from './types';

/** How the console signs its calls in `userAgent` (e.g. `console.ec2.amazonaws.com`, `signin.amazonaws.com`). */
const CONSOLE_AGENT = /(^|[\s/(])(console(\.[a-z0-9-]+)*\.amazonaws\.com|signin\.amazonaws\.com)/i;

export interface LoopGuardOptions {
  /** Role names whose sessions are the guardrail's own. */
  guardrailRoleNames: string[];
  /** The SourceIdentity the guardrail sets on its sessions. */
  guardrailSourceIdentity: string;
}

/**
 * The role name of an IAM role ARN (`arn:aws:iam::1:role/path/name`) or of an assumed-role
 * session ARN (`arn:aws:sts::1:assumed-role/name/session`).
 */
export function roleNameFromArn(arn: string | undefined): string | undefined {
  const resource = arn?.split(':')[5];
  if (resource?.startsWith('role/')) return resource.split('/').pop();
  if (resource?.startsWith('assumed-role/')) return resource.split('/')[1];
  return undefined;
}

export function actorFromRecord(record: JsonObject, path: string): Actor {
  const identityPath = childPath(path, 'userIdentity');
  const identity = requiredObject(record, 'userIdentity', path);
  const actor: Actor = { type: requiredString(identity, 'type', identityPath), viaConsole: false };
  const session = optionalObject(identity, 'sessionContext', identityPath);
  const sessionPath = childPath(identityPath, 'sessionContext');
  const issuer = session && optionalObject(session, 'sessionIssuer', sessionPath);
  const fields: Partial<Actor> = {
    arn: optionalString(identity, 'arn', identityPath),
    accountId: optionalString(identity, 'accountId', identityPath),
    principalId: optionalString(identity, 'principalId', identityPath),
    sessionIssuerArn: issuer && optionalString(issuer, 'arn', childPath(sessionPath, 'sessionIssuer')),
    sourceIdentity:
      (session && optionalString(session, 'sourceIdentity', sessionPath)) ??
      optionalString(identity, 'sourceIdentity', identityPath),
    sourceIp: optionalString(record, 'sourceIPAddress', path),
    userAgent: optionalString(record, 'userAgent', path),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(actor, { [key]: value });
  }
  const fromConsole = optionalBoolean(record, 'sessionCredentialFromConsole', path);
  actor.viaConsole = fromConsole === true || CONSOLE_AGENT.test(actor.userAgent ?? '');
  return actor;
}

/** The loop guard: a call made by the guardrail's own role, or carrying its SourceIdentity. */
export function isGuardrailActor(actor: Actor, options: LoopGuardOptions): boolean {
  if (actor.sourceIdentity !== undefined && actor.sourceIdentity === options.guardrailSourceIdentity)
    return true;
  const role = roleNameFromArn(actor.sessionIssuerArn) ?? roleNameFromArn(actor.arn);
  return role !== undefined && options.guardrailRoleNames.includes(role);
}
