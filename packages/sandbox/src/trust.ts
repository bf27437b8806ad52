import { SandboxError } from './errors';

/**
 * Role trust policies: the subset of the IAM policy language a trust policy uses. Principals by
 * ARN, account id, account root or `*`; actions with wildcards; string and ARN conditions.
 */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** Who asks, for what: the inputs a trust policy is evaluated against. */
export interface TrustRequest {
  action: string;
  /** ARNs the caller is known by: its principal ARN and, for a role session, the role ARN. */
  principalArns: string[];
  accountId: string;
  /** Condition keys (lower case) and their values. */
  context: Record<string, string | undefined>;
}

const OPERATORS = new Set([
  'stringequals',
  'stringnotequals',
  'stringlike',
  'stringnotlike',
  'stringequalsignorecase',
  'arnequals',
  'arnlike',
  'arnnotequals',
  'arnnotlike',
]);

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function parseTrustPolicy(document: object | string): PolicyDocument {
  const raw = typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
  const statement = (raw as { Statement?: unknown }).Statement;
  if (statement === undefined) throw new SandboxError('trust policy has no Statement');
  const statements = asList(statement as PolicyStatement | PolicyStatement[]);
  for (const s of statements) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new SandboxError(`bad Effect ${String(s.Effect)}`);
    for (const operator of Object.keys(s.Condition ?? {})) {
      if (!OPERATORS.has(operator.toLowerCase().replace(/ifexists$/, ''))) {
        throw new SandboxError(`the sandbox does not support the condition operator ${operator}`);
      }
    }
  }
  return { Version: (raw as { Version?: string }).Version, Statement: statements };
}

function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function principalMatches(statement: PolicyStatement, request: TrustRequest): boolean {
  if (statement.Principal === '*') return true;
  for (const p of asList(statement.Principal?.AWS)) {
    if (p === '*') return true;
    const root = p.match(/^arn:[^:]+:iam::(\d{12}):root$/)?.[1] ?? (/^\d{12}$/.test(p) ? p : undefined);
    if (root !== undefined ? root === request.accountId : request.principalArns.includes(p)) return true;
  }
  return false;
}

function conditionHolds(operator: string, values: string[], actual: string | undefined): boolean {
  const ifExists = operator.endsWith('ifexists');
  const op = operator.replace(/ifexists$/, '');
  if (actual === undefined) return ifExists || op.includes('not');
  switch (op) {
    case 'stringequals':
    case 'arnequals':
      return values.includes(actual);
    case 'stringequalsignorecase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'stringnotequals':
    case 'arnnotequals':
      return !values.includes(actual);
    case 'stringlike':
    case 'arnlike':
      return values.some((v) => glob(v, actual));
    default:
      return !values.some((v) => glob(v, actual));
  }
}

function conditionsHold(statement: PolicyStatement, request: TrustRequest): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, entries]) =>
    Object.entries(entries).every(([key, values]) =>
      conditionHolds(operator.toLowerCase(), asList(values), request.context[key.toLowerCase()]),
    ),
  );
}

function applies(statement: PolicyStatement, request: TrustRequest): boolean {
  return (
    asList(statement.Action).some((a) => glob(a, request.action, true)) &&
    principalMatches(statement, request) &&
    conditionsHold(statement, request)
  );
}

/** IAM's rule: an explicit Deny wins, otherwise some Allow must apply. */
export function trustAllows(policy: PolicyDocument, request: TrustRequest): boolean {
  const matching = policy.Statement.filter((s) => applies(s, request));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}
