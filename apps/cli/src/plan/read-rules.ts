/**
 * `--rules <file|->`: the output of `aws ec2 describe-security-group-rules`, for any of the
 * groups of `--group` (`{ "SecurityGroupRules": [...], "NextToken"?: ... }`). With it the rules'
 * ids are known, so a revoke names the rule it removes.
 */
import { InputFieldError } from './errors';
import { isJsonObject, type RuleSource, readDocumentPiece, ruleSourceOf } from './group-input';
import type { JsonInput } from './read-json';

/** Core reads rules only inside a group document: a stand-in group carries the list, at the holder's paths. */
const STAND_IN = 'sg-00000000';

/** The `SecurityGroupRules` (and `NextToken`) of `holder`, an object at the root of `file`. */
export function readRootRules(holder: Record<string, unknown>, file: string): RuleSource {
  const document = readDocumentPiece(
    { GroupId: STAND_IN, SecurityGroupRules: holder.SecurityGroupRules, NextToken: holder.NextToken },
    file,
  );
  return ruleSourceOf(document, file);
}

export function readRulesInput({ name, json }: JsonInput): RuleSource {
  if (!isJsonObject(json))
    throw new InputFieldError(
      name,
      '',
      'expected the output of describe-security-group-rules: { "SecurityGroupRules": [...] }',
    );
  if (Object.hasOwn(json, 'SecurityGroups'))
    throw new InputFieldError(
      name,
      'SecurityGroups',
      'this is describe-security-groups output: give it to --group (--rules takes describe-security-group-rules output)',
    );
  if (!Object.hasOwn(json, 'SecurityGroupRules'))
    throw new InputFieldError(
      name,
      'SecurityGroupRules',
      'is required (--rules takes describe-security-group-rules output)',
    );
  return readRootRules(json, name);
}
