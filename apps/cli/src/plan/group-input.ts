/**
 * What `--group` and `--rules` hold once their shape is read: the groups, each where it sits,
 * and the lists of rules (describe-security-group-rules), each rule where it sits. Core reads one
 * group document at a time; these helpers read the pieces of a larger one and keep the paths of
 * the file the user gave, so every later message names the field as it is written there.
 */
import {
  childPath,
  type Ec2SecurityGroup,
  type GroupDocument,
  GroupDocumentError,
  readGroupDocument,
  type SecurityGroupRule,
} from '@guardrail/core';
import { InputFieldError } from './errors';

/** One group of `--group`. */
export interface GroupEntry {
  group: Ec2SecurityGroup;
  file: string;
  /** Where it sits: `''` (a bare group) or `SecurityGroups[2]`. */
  path: string;
}

export interface RuleAt {
  rule: SecurityGroupRule;
  /** `SecurityGroupRules[3]`, or `SecurityGroups[1].SecurityGroupRules[0]`. */
  path: string;
}

/** One `SecurityGroupRules` list (and the `NextToken` beside it). */
export interface RuleSource {
  file: string;
  /** Where the object holding the list sits: `''` or `SecurityGroups[1]`. */
  path: string;
  rules: RuleAt[];
  nextToken?: string;
  /** The group the list sits in, if it does: its rules without a GroupId are that group's. */
  owner?: string;
}

type MovePath = (path: string) => string;

const samePath: MovePath = (path) => path;

/**
 * readGroupDocument on `json`, a piece of `file`: `move` turns the piece's paths into the file's.
 * A shape error is an InputFieldError naming the file and the moved path.
 */
export function readDocumentPiece(json: unknown, file: string, move: MovePath = samePath): GroupDocument {
  try {
    return readGroupDocument(json);
  } catch (error) {
    if (!(error instanceof GroupDocumentError)) throw error;
    // Read without a file name, the message is `<path>: <problem>`.
    const prefix = `${error.path}: `;
    const problem = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new InputFieldError(file, move(error.path === '(root)' ? '' : error.path), problem, {
      cause: error,
    });
  }
}

/** The rules of a document read by readDocumentPiece, at the file's paths. */
export function ruleSourceOf(
  document: GroupDocument,
  file: string,
  move: MovePath = samePath,
  owner?: string,
): RuleSource {
  const listPath = childPath(document.rulesPath, 'SecurityGroupRules');
  const source: RuleSource = {
    file,
    path: move(document.rulesPath),
    rules: document.rules.map((rule, i) => ({ rule, path: move(childPath(listPath, i)) })),
  };
  if (document.rulesNextToken !== undefined) source.nextToken = document.rulesNextToken;
  if (owner !== undefined) source.owner = owner;
  return source;
}

/** A JSON value in a few words, for a message: `null`, `an array`, `a string`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
