import type { z } from 'zod';
import type { ConfigIssue } from './errors';

type Issue = z.core.$ZodIssue;

const fieldOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** A value as the user would write it in the YAML file. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Every value an issue's union accepts, when each branch is one literal (`7 | 14 | 30`). */
function unionValues(issue: Issue): unknown[] | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const values: unknown[] = [];
  for (const branch of issue.errors) {
    const only = branch.length === 1 ? branch[0] : undefined;
    if (only?.code !== 'invalid_value') return undefined;
    values.push(...only.values);
  }
  return values;
}

/** What the user reads for one zod issue: a problem in words, never zod's internal shape. */
function problemOf(issue: Issue): string {
  const choices = issue.code === 'invalid_value' ? issue.values : unionValues(issue);
  if (choices) return `must be one of ${choices.map(shown).join(', ')}`;
  if (issue.code === 'invalid_type') {
    // zod says "expected string, received undefined" for a field that is missing.
    if (/received undefined$/.test(issue.message)) return 'is required';
    return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  }
  return issue.message;
}

/**
 * One `field: problem` per problem, in the file's terms: dotted paths (`targets.regions.1`), an
 * unknown key as its own field, the accepted values of an enum or a set of literals spelled out.
 */
export function configIssuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: 'is not a known field' }))
      : [{ field: fieldOf(issue.path), message: problemOf(issue) }],
  );
}
