/**
 * ARN patterns as IAM writes them: `*` is any run of characters (none included, `/` and `:` too),
 * `?` exactly one character, everything else itself, case-sensitive, across the whole ARN.
 *
 * Matched by hand rather than through a RegExp built from the pattern: nothing in an ARN (`.`,
 * `+`, `(`, `$`) can then be read as a regular-expression operator, and no pattern can make the
 * match backtrack exponentially (this runs on every change of a locked group).
 */

/** Does `arn` match `pattern`? Greedy on `*`, going back only to the last `*` seen: O(n*m) at worst. */
export function arnMatches(pattern: string, arn: string): boolean {
  let p = 0;
  let a = 0;
  // Where the last `*` was, and where in the ARN its run ends for now.
  let star = -1;
  let resume = 0;
  while (a < arn.length) {
    const token = pattern[p];
    if (token === '*') {
      star = p++;
      resume = a;
    } else if (token !== undefined && (token === '?' || token === arn[a])) {
      p++;
      a++;
    } else if (star >= 0) {
      // Let the last `*` take one more character and try the rest again.
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Does any pattern match any of the ARNs (absent ones skipped)? */
export function anyArnMatches(patterns: readonly string[], arns: readonly (string | undefined)[]): boolean {
  return arns.some((arn) => arn !== undefined && patterns.some((pattern) => arnMatches(pattern, arn)));
}
