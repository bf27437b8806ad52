/**
 * Comparing a deployed event pattern with Guardrail's. The pattern is JSON that CloudFormation and
 * EventBridge may hand back with its keys in another order, so the two are compared as values,
 * ignoring key order; arrays keep theirs (both sides are built by the same code). What differs is
 * told by where: the first path that differs, e.g. `$or[3].detail.requestParameters.name`.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The first path where the two JSON values differ ('' for the whole value); undefined when equal. */
export function jsonDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return path;
    for (const [index, item] of expected.entries()) {
      const found = jsonDifference(item, actual[index], `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      if (!(key in expected) || !(key in actual)) return join(path, key);
      const found = jsonDifference(expected[key], actual[key], join(path, key));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : path;
}

/**
 * What is wrong with the deployed pattern, in words; undefined when it is Guardrail's. `actual` is
 * DescribeRule's `EventPattern` (JSON text, absent for a rule without one).
 */
export function patternDifference(expected: object, actual: string | undefined): string | undefined {
  if (actual === undefined) return 'has no event pattern';
  let parsed: unknown;
  try {
    parsed = JSON.parse(actual);
  } catch {
    return 'has an event pattern that is not JSON';
  }
  // Through JSON, as it was deployed: what JSON cannot hold (undefined) is not compared.
  const path = jsonDifference(JSON.parse(JSON.stringify(expected)), parsed);
  if (path === undefined) return undefined;
  return `has an event pattern that differs from Guardrail's ${path === '' ? 'entirely' : `at ${path}`}`;
}
