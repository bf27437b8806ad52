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
  /**
   * Names of the guardrail's remediation role. A name alone never marks a call as the guardrail's:
   * the session must have been issued by the role of that name in the group's own account.
   */
  guardrailRoleNames: readonly string[];
  /**
   * The SourceIdentity the guardrail sets on its sessions; when given (the default is `guardrail`),
   * the session must carry it too. The empty string checks the role alone.
   */
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
    // CloudTrail writes the SourceIdentity of a session in `sessionContext`, nowhere else.
    sourceIdentity: session && optionalString(session, 'sourceIdentity', sessionPath),
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

/**
 * The role name when `arn` is exactly `arn:<partition>:iam::<account>:role/<name>` (no path: the
 * broker assumes the remediation role by that ARN), otherwise undefined.
 */
function roleNameInAccount(arn: string | undefined, account: string): string | undefined {
  const parts = arn?.split(':') ?? [];
  if (parts.length !== 6 || parts[0] !== 'arn' || !parts[1] || parts[2] !== 'iam' || parts[3] !== '') {
    return undefined;
  }
  const resource = parts[5] as string;
  if (parts[4] !== account || !resource.startsWith('role/')) return undefined;
  const name = resource.slice('role/'.length);
  return name !== '' && !name.includes('/') ? name : undefined;
}

/**
 * The loop guard: a call is the guardrail's own only when it was made in an assumed-role session
 * issued by the remediation role of the group's own account (`account`) and, when a SourceIdentity
 * is configured, carrying it (CloudTrail: `userIdentity.sessionContext.sourceIdentity`). A role
 * name or a SourceIdentity alone can be chosen by anyone, in any account: neither suffices.
 */
export function isGuardrailActor(actor: Actor, account: string, options: LoopGuardOptions): boolean {
  if (actor.type !== 'AssumedRole') return false;
  const role = roleNameInAccount(actor.sessionIssuerArn, account);
  if (role === undefined || !options.guardrailRoleNames.includes(role)) return false;
  const expected = options.guardrailSourceIdentity;
  return expected === '' || actor.sourceIdentity === expected;
}
