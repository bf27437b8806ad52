/**
 * EventBridge Scheduler's recurring expressions, checked at synth so that a typo is a config error
 * naming the field, not a failed deployment:
 *
 * - `rate(<n> <unit>)`: n a whole number from 1, unit minute(s), hour(s) or day(s), singular for
 *   exactly 1 and plural otherwise (`rate(1 hour)`, `rate(6 hours)`; Scheduler refuses `rate(6 hour)`).
 * - `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`: six fields, each with
 *   the values and wildcards Scheduler allows in it, and `?` in exactly one of day-of-month and
 *   day-of-week.
 */

const RATE_UNITS = ['minute', 'hour', 'day'] as const;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names accepted for the values min, min + 1... (months, weekdays). */
  names?: readonly string[];
  /** Accepts `?` (no specific value): day-of-month and day-of-week only. */
  question?: boolean;
  /** Accepts the field's special forms (L, W, #) beyond numbers, ranges and steps. */
  special?: (item: string) => boolean | undefined;
}

const dayOfMonthSpecial = (item: string): boolean | undefined => {
  if (item === 'L' || item === 'LW') return true;
  const weekday = /^(\d{1,2})W$/.exec(item);
  if (weekday) return inRange(Number(weekday[1]), 1, 31);
  return undefined;
};

const dayOfWeekSpecial = (item: string): boolean | undefined => {
  if (item === 'L') return true;
  const last = /^([A-Za-z]{3}|\d)L$/.exec(item);
  if (last) return cronValue(last[1]!, CRON_FIELDS[4]!) !== undefined;
  const nth = /^([A-Za-z]{3}|\d)#(\d)$/.exec(item);
  if (nth) return cronValue(nth[1]!, CRON_FIELDS[4]!) !== undefined && inRange(Number(nth[2]), 1, 5);
  return undefined;
};

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, special: dayOfMonthSpecial },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, question: true, special: dayOfWeekSpecial },
  { name: 'year', min: 1970, max: 2199 },
];

function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function cronValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return inRange(value, field.min, field.max) ? value : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? field.min + index : undefined;
}

/** One comma-separated item: `*`, a value, a range `a-b`, each optionally `/step`; or a special form. */
function cronItemValid(item: string, field: CronField): boolean {
  const special = field.special?.(item);
  if (special !== undefined) return special;
  const [base = '', step, ...extra] = item.split('/');
  if (extra.length > 0) return false;
  if (step !== undefined && !(/^\d+$/.test(step) && inRange(Number(step), 1, field.max))) return false;
  if (base === '*') return true;
  const bounds = base.split('-');
  if (bounds.length > 2) return false;
  return bounds.every((bound) => cronValue(bound, field) !== undefined);
}

function cronProblem(expression: string, body: string): string | undefined {
  const fields = body.split(' ');
  if (fields.length !== CRON_FIELDS.length) {
    return (
      `${expression} has ${fields.length} field${fields.length === 1 ? '' : 's'}; EventBridge wants 6: ` +
      CRON_FIELDS.map((field) => field.name).join(' ')
    );
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const text = fields[index]!;
    if (text === '?') {
      if (!field.question) return `${expression}: ${field.name} cannot be ?`;
      continue;
    }
    const bad = text.split(',').find((item) => !cronItemValid(item, field));
    if (bad !== undefined) {
      const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
      return `${expression}: ${field.name} "${bad}" is not valid (${field.min}-${field.max}${names}, with , - * /${field.question ? ' ?' : ''}${field.special ? ' and its special forms' : ''})`;
    }
  }
  const questions = [fields[2], fields[4]].filter((text) => text === '?').length;
  if (questions !== 1) {
    return `${expression}: exactly one of day-of-month and day-of-week must be ? (the other says which days)`;
  }
  return undefined;
}

function rateProblem(expression: string, body: string): string | undefined {
  const match = /^(\d+) ([a-z]+)$/.exec(body);
  const unit = match?.[2]?.replace(/s$/, '');
  if (!match || !RATE_UNITS.includes(unit as (typeof RATE_UNITS)[number])) {
    return `${expression} is not rate(<n> <unit>) with unit minute(s), hour(s) or day(s)`;
  }
  const amount = Number(match[1]);
  if (amount < 1) return `${expression}: the rate must be at least 1`;
  const expected = amount === 1 ? unit : `${unit}s`;
  if (match[2] !== expected) {
    return `${expression}: EventBridge wants rate(${amount} ${expected}) (singular for 1, plural otherwise)`;
  }
  return undefined;
}

/** Why the expression is not a recurring EventBridge Scheduler schedule, or undefined when it is one. */
export function scheduleProblem(expression: string): string | undefined {
  const match = /^(rate|cron)\((.*)\)$/.exec(expression);
  if (!match)
    return `${expression} is not a schedule expression such as rate(6 hours) or cron(0 */6 * * ? *)`;
  return match[1] === 'rate' ? rateProblem(expression, match[2]!) : cronProblem(expression, match[2]!);
}
