import type { Filter } from '@aws-sdk/client-ec2';
import { ApiError } from '../errors';

/** EC2 describe plumbing: filters (with `*` / `?` wildcards) and NextToken/MaxResults pagination. */

/** A filter value as a test: `*` and `?` are wildcards; a value without them is compared as is. */
function matcher(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`);
  return (value) => regex.test(value);
}

/** EC2 refuses a call naming more filter values than this, all filters counted. */
export const FILTER_VALUES_MAX = 200;

/**
 * Keeps the items every filter matches (filters AND, values OR). `valuesOf` returns what an item
 * holds for a filter name, or undefined for a filter the sandbox does not know (an error, as in
 * EC2). More than 200 values in one call is EC2's FilterLimitExceeded.
 */
export function applyFilters<T>(
  items: T[],
  filters: Filter[] | undefined,
  valuesOf: (item: T, name: string) => string[] | undefined,
): T[] {
  const compiled = (filters ?? []).map((filter) => ({
    name: filter.Name ?? '',
    tests: (filter.Values ?? []).map(matcher),
  }));
  const values = compiled.reduce((n, filter) => n + filter.tests.length, 0);
  if (values > FILTER_VALUES_MAX) {
    throw new ApiError(
      'FilterLimitExceeded',
      `The maximum number of filter values specified on a single call is ${FILTER_VALUES_MAX}`,
    );
  }
  return items.filter((item) =>
    compiled.every(({ name, tests }) => {
      const held = valuesOf(item, name);
      if (held === undefined) throw new ApiError('InvalidParameterValue', `The filter '${name}' is invalid`);
      return tests.some((test) => held.some(test));
    }),
  );
}

/** Tag filters shared by groups and rules: `tag-key`, `tag:<key>`, `tag-value`. */
export function tagFilterValues(
  tags: Map<string, string> | Record<string, string>,
  name: string,
): string[] | undefined {
  const entries = tags instanceof Map ? [...tags.entries()] : Object.entries(tags);
  if (name === 'tag-key') return entries.map(([k]) => k);
  if (name === 'tag-value') return entries.map(([, v]) => v);
  if (name.startsWith('tag:')) return entries.filter(([k]) => k === name.slice(4)).map(([, v]) => v);
  return undefined;
}

export function paginate<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultSize = 1000,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, 'base64')
      .toString('utf8')
      .match(/^offset:(\d+)$/);
    if (!decoded) throw new ApiError('InvalidParameterValue', 'The specified NextToken is not valid.');
    offset = Number(decoded[1]);
  }
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw new ApiError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  const size = maxResults ?? defaultSize;
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64') : undefined;
  return next === undefined ? { page } : { page, nextToken: next };
}
