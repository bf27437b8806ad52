/**
 * `--group <file>`: the JSON read, its shape checked (core), then strictly (what EC2 would
 * refuse, and whether its rules and permissions agree), and only then turned into the state
 * plan judges. Every failure is one CliInputError naming the file, the JSON path and the value.
 */
import {
  type GroupDocument,
  GroupDocumentError,
  groupStateFromEc2,
  readGroupDocument,
  type SecurityGroupState,
} from '@guardrail/core';
import { CliInputError } from '../io';
import { checkGroupFields } from './group-fields';
import { readJsonInput } from './read-json';
import { checkRulesAgree } from './rules-agree';

export function readGroupFile(file: string): SecurityGroupState {
  const json = readJsonInput(file);
  let document: GroupDocument;
  try {
    document = readGroupDocument(json, file);
  } catch (error) {
    if (error instanceof GroupDocumentError) throw new CliInputError(error.message, { cause: error });
    throw error;
  }
  checkGroupFields(document, file);
  checkRulesAgree(document, file);
  return groupStateFromEc2(document.group, document.rules);
}
