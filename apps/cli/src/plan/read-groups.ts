/**
 * `--group <file|->`: one group (a bare group object, as a hand-written file holds it), or a
 * `describe-security-groups` output with any number of groups. Either may carry rules
 * (`SecurityGroupRules`, describe-security-group-rules' key) beside or inside the groups. Only
 * the shape is read here; the fields are checked after (group-fields.ts).
 */
import { childPath } from '@guardrail/core';
import { InputFieldError } from './errors';
import {
  describeValue,
  type GroupEntry,
  isJsonObject,
  type RuleSource,
  readDocumentPiece,
  ruleSourceOf,
} from './group-input';
import type { JsonInput } from './read-json';
import { readRootRules } from './read-rules';

export interface GroupInput {
  /** In the order of the file. */
  groups: GroupEntry[];
  /** The rules lists the file holds (inside each group, and beside them). */
  sources: RuleSource[];
}

function bareGroup(json: unknown, file: string): GroupInput {
  const document = readDocumentPiece(json, file);
  const { group } = document;
  return {
    groups: [{ group, file, path: '' }],
    sources: [ruleSourceOf(document, file, undefined, group.GroupId)],
  };
}

/** The i-th group of `SecurityGroups`, read as a document of one group whose paths are moved to its own. */
function listedGroup(element: unknown, i: number, file: string): GroupInput {
  const move = (path: string) => path.replace(/^SecurityGroups\[0\]/, `SecurityGroups[${i}]`);
  const document = readDocumentPiece({ SecurityGroups: [element] }, file, move);
  const { group } = document;
  return {
    groups: [{ group, file, path: move(document.groupPath) }],
    sources: [ruleSourceOf(document, file, move, group.GroupId)],
  };
}

/** Two groups with one id: which one a rule or a verdict is about could not be told. */
function checkDistinct(groups: GroupEntry[]): void {
  const seen = new Map<string, string>();
  for (const { group, file, path } of groups) {
    const id = group.GroupId ?? '';
    const first = seen.get(id);
    if (first !== undefined)
      throw new InputFieldError(
        file,
        childPath(path, 'GroupId'),
        `${JSON.stringify(id)} is given twice (also at ${first}): give each group once`,
      );
    seen.set(id, path);
  }
}

export function readGroupInput({ name: file, json }: JsonInput): GroupInput {
  if (!isJsonObject(json) || !Object.hasOwn(json, 'SecurityGroups')) return bareGroup(json, file);
  const list = json.SecurityGroups;
  if (!Array.isArray(list))
    throw new InputFieldError(
      file,
      'SecurityGroups',
      `expected the array of groups describe-security-groups prints, got ${describeValue(list)}`,
    );
  const read = Array.from(list, (element, i) => listedGroup(element, i, file));
  const groups = read.flatMap((one) => one.groups);
  const sources = read.flatMap((one) => one.sources);
  if (Object.hasOwn(json, 'SecurityGroupRules')) {
    sources.unshift(readRootRules(json, file));
  } else if (json.NextToken !== undefined && json.NextToken !== null && json.NextToken !== '') {
    // Without rules beside them, a NextToken is describe-security-groups' own: groups are missing.
    throw new InputFieldError(
      file,
      'NextToken',
      `truncated: SecurityGroups is one page of describe-security-groups (NextToken present: ${JSON.stringify(json.NextToken)}); read every page (without --max-items)`,
    );
  }
  checkDistinct(groups);
  return { groups, sources };
}
