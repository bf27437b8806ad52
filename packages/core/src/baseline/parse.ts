/**
 * Reading a baseline back (the state table's item, `guardrail plan --baseline <file>`): strictly,
 * as Guardrail writes it. A missing, mistyped, unknown or out-of-range field is a BaselineError
 * naming the document and the JSON path: a baseline that cannot be read is never taken for an
 * empty one (that would revoke every rule) nor ignored (that would allow every rule).
 */
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../contract/patterns';
import { ruleKey } from '../rules/convert';
import {
  cidrFieldProblem,
  ipProtocolProblem,
  portsProblem,
  prefixListIdProblem,
  securityGroupIdProblem,
} from '../rules/ec2-fields';
import { normalizePorts, normalizeProtocol } from '../rules/protocol';
import type { Direction, Peer, Rule } from '../rules/types';
import {
  childPath,
  type Element,
  expectObject,
  type JsonObject,
  optionalString,
  requiredArray,
  requiredInstant,
  requiredMatch,
  requiredOneOf,
  requiredString,
  requiredVersion,
  ShapeError,
} from '../sweep-results/fields';
import { BaselineError } from './errors';
import {
  BASELINE_HISTORY_LIMIT,
  BASELINE_SCHEMA_VERSION,
  type Baseline,
  type BaselineHistoryEntry,
  type BaselineReason,
  type BaselineSetBy,
} from './types';

const REASONS: readonly BaselineReason[] = ['captured', 'trusted-change', 'accepted'];
const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];
const PEER_KINDS: readonly Peer['kind'][] = ['ipv4', 'ipv6', 'prefixList', 'securityGroup'];

/** Unknown keys are errors: a misspelt field must not silently read as absent. */
function onlyKeys(obj: JsonObject, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key)) throw new ShapeError(childPath(path, key), 'unknown key');
  }
}

function requiredInteger(obj: JsonObject, key: string, path: string, min: number): number {
  const value = obj[key];
  const at = childPath(path, key);
  if (value === undefined) throw new ShapeError(at, 'is required');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new ShapeError(at, `expected an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return value;
}

/** A field checked by one of the EC2 field checks (rules/ec2-fields). */
function checked(
  obj: JsonObject,
  key: string,
  path: string,
  problemOf: (text: string) => string | undefined,
) {
  const value = requiredString(obj, key, path);
  const problem = problemOf(value);
  if (problem) throw new ShapeError(childPath(path, key), problem);
  return value;
}

function readPeer(obj: JsonObject, path: string): Peer {
  const kind = requiredOneOf(obj, 'kind', path, PEER_KINDS);
  switch (kind) {
    case 'ipv4':
    case 'ipv6':
      onlyKeys(obj, path, ['kind', 'cidr']);
      return {
        kind,
        cidr: checked(obj, 'cidr', path, (text) => cidrFieldProblem(text, kind === 'ipv4' ? 4 : 6)),
      };
    case 'prefixList':
      onlyKeys(obj, path, ['kind', 'prefixListId']);
      return { kind, prefixListId: checked(obj, 'prefixListId', path, prefixListIdProblem) };
    case 'securityGroup': {
      onlyKeys(obj, path, ['kind', 'groupId', 'userId', 'vpcId', 'vpcPeeringConnectionId']);
      const peer: Peer = { kind, groupId: checked(obj, 'groupId', path, securityGroupIdProblem) };
      const userId = optionalString(obj, 'userId', path);
      if (userId !== undefined)
        peer.userId = requiredMatch(obj, 'userId', path, ACCOUNT_ID_PATTERN, 'an account id');
      const vpcId = optionalString(obj, 'vpcId', path);
      if (vpcId !== undefined) peer.vpcId = vpcId;
      const peering = optionalString(obj, 'vpcPeeringConnectionId', path);
      if (peering !== undefined) peer.vpcPeeringConnectionId = peering;
      return peer;
    }
  }
}

function readRule({ value, path }: Element): Rule {
  const obj = expectObject(value, path);
  onlyKeys(obj, path, ['direction', 'protocol', 'fromPort', 'toPort', 'peer', 'description']);
  const direction = requiredOneOf(obj, 'direction', path, DIRECTIONS);
  const protocol = normalizeProtocol(checked(obj, 'protocol', path, ipProtocolProblem));
  const from = requiredInteger(obj, 'fromPort', path, -1);
  const to = requiredInteger(obj, 'toPort', path, -1);
  const ports = portsProblem(protocol, from, to);
  if (ports)
    throw new ShapeError(childPath(path, ports.field === 'FromPort' ? 'fromPort' : 'toPort'), ports.message);
  const peerPath = childPath(path, 'peer');
  const rule: Rule = {
    direction,
    protocol,
    ...normalizePorts(protocol, from, to),
    peer: readPeer(expectObject(obj.peer, peerPath), peerPath),
  };
  const description = optionalString(obj, 'description', path);
  if (description !== undefined) rule.description = description;
  return rule;
}

function readSetBy(obj: JsonObject, key: string, path: string): BaselineSetBy {
  const at = childPath(path, key);
  const setBy = expectObject(obj[key], at);
  onlyKeys(setBy, at, ['principal', 'reason', 'note']);
  const result: BaselineSetBy = {
    principal: requiredString(setBy, 'principal', at),
    reason: requiredOneOf(setBy, 'reason', at, REASONS),
  };
  const note = optionalString(setBy, 'note', at);
  if (note !== undefined) result.note = note;
  return result;
}

function readHistoryEntry({ value, path }: Element): BaselineHistoryEntry {
  const obj = expectObject(value, path);
  onlyKeys(obj, path, ['version', 'setAt', 'setBy', 'ruleCount']);
  return {
    version: requiredInteger(obj, 'version', path, 1),
    setAt: requiredInstant(obj, 'setAt', path),
    setBy: readSetBy(obj, 'setBy', path),
    ruleCount: requiredInteger(obj, 'ruleCount', path, 0),
  };
}

const BASELINE_KEYS = [
  'schemaVersion',
  'account',
  'region',
  'groupId',
  'policy',
  'version',
  'rules',
  'setAt',
  'setBy',
  'history',
];

function read(value: unknown): Baseline {
  const obj = expectObject(value, '');
  requiredVersion(obj, BASELINE_SCHEMA_VERSION);
  onlyKeys(obj, '', BASELINE_KEYS);
  const version = requiredInteger(obj, 'version', '', 1);
  const rules = requiredArray(obj, 'rules', '').map(readRule);
  const keys = new Set<string>();
  rules.forEach((rule, index) => {
    const key = ruleKey(rule);
    if (keys.has(key))
      throw new ShapeError(
        childPath('rules', index),
        'repeats an earlier rule (same direction, protocol, ports and peer)',
      );
    keys.add(key);
  });
  const historyElements = requiredArray(obj, 'history', '');
  if (historyElements.length > BASELINE_HISTORY_LIMIT)
    throw new ShapeError(
      'history',
      `has ${historyElements.length} entries, at most ${BASELINE_HISTORY_LIMIT} are kept`,
    );
  const history = historyElements.map(readHistoryEntry);
  // Oldest first, each older than the one after it, all older than this version.
  history.forEach((entry, index) => {
    const next = history[index + 1]?.version ?? version;
    if (entry.version >= next)
      throw new ShapeError(
        childPath(childPath('history', index), 'version'),
        `${entry.version} is not older than ${next}`,
      );
  });
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    account: requiredMatch(obj, 'account', '', ACCOUNT_ID_PATTERN, 'a 12-digit account id'),
    region: requiredMatch(obj, 'region', '', REGION_PATTERN, 'an AWS region'),
    groupId: checked(obj, 'groupId', '', securityGroupIdProblem),
    policy: requiredString(obj, 'policy', ''),
    version,
    rules,
    setAt: requiredInstant(obj, 'setAt', ''),
    setBy: readSetBy(obj, 'setBy', ''),
    history,
  };
}

/** A baseline as parsed JSON; `source` names it in errors (a file, a table item). */
export function parseBaseline(value: unknown, source = 'baseline'): Baseline {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof ShapeError)
      throw new BaselineError(source, error.path, error.problem, { cause: error });
    throw error;
  }
}

/** A baseline as JSON text (`guardrail baseline show --format json`). */
export function parseBaselineText(text: string, source = 'baseline'): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(source, '', `not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBaseline(value, source);
}
