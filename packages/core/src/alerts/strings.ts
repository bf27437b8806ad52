/**
 * String hygiene for alerts. Values in an alert come from events and tags, i.e. from the people
 * being guarded: a newline in a user agent must not forge a line of the email, and a long name
 * must not push a subject past SNS's limit or split a character in two.
 */

const ELLIPSIS = '...';

/** Control characters (incl. line breaks) and lone surrogates: replaced, never passed on. */
const UNSAFE =
  /[\p{Cc}\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * Anything UNSAFE could match (any surrogate, paired or not): a plain scan, so that the common
 * clean value skips the costlier lookaround pattern. \p{Cc} is U+0000-U+001F and U+007F-U+009F.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job.
const MAYBE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\uD800-\uDFFF]/;

/** One printable line: control characters become spaces, lone surrogates U+FFFD. */
export function oneLine(value: string): string {
  if (!MAYBE_UNSAFE.test(value)) return value;
  return value.replace(UNSAFE, (char) => (/[\uD800-\uDFFF]/.test(char) ? '\uFFFD' : ' '));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** How far back a cut may move to land on a word boundary. */
const WORD_BOUNDARY_SLACK = 12;

/**
 * At most `max` UTF-16 code units, ending in "..." when cut. The cut prefers a space close to
 * the limit and never separates a surrogate pair. `max` below the ellipsis' length yields a
 * plain cut.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const room = max - ELLIPSIS.length;
  if (room <= 0) return cutAt(value, max);
  let cut = cutAt(value, room);
  const space = cut.lastIndexOf(' ');
  if (space > 0 && cut.length - space <= WORD_BOUNDARY_SLACK) cut = cut.slice(0, space);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** The first `length` code units, one fewer when that would split a surrogate pair. */
function cutAt(value: string, length: number): string {
  const end = length > 0 && isHighSurrogate(value.charCodeAt(length - 1)) ? length - 1 : length;
  return value.slice(0, end);
}
