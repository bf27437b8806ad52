/**
 * `--now`: an ISO 8601 date-time with its zone, and a real one. `new Date` alone takes
 * `2025-02-30T00:00:00Z` as 2 March and `T24:00:00Z` as the next day: exceptions would expire
 * at an instant the user never gave. So the text is read field by field, and the instant must
 * give the same fields back.
 */
import { CliInputError } from '../io';

/** Date `T` time, seconds and fraction optional, `Z` or an offset (`+02:00`, `+0200`). */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

const EXAMPLE = 'e.g. 2025-05-12T10:00:00Z';

export function parseInstant(text: string): Date {
  const match = INSTANT.exec(text);
  if (!match)
    throw new CliInputError(`--now: ${JSON.stringify(text)} is not an ISO 8601 instant (${EXAMPLE})`);
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((n) => Number(n ?? 0));
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [zulu, sign, offsetHours, offsetMinutes] = match.slice(8);
  const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day);
  date.setUTCHours(hour!, minute, second, millis);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second &&
    Number(offsetHours ?? 0) <= 23 &&
    Number(offsetMinutes ?? 0) <= 59;
  if (!real)
    throw new CliInputError(`--now: ${JSON.stringify(text)} is not a real date and time (${EXAMPLE})`);
  return new Date(date.getTime() - offset * 60_000);
}
