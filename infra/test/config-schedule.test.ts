/** EventBridge Scheduler expressions, as sweep.schedule and sweep.healthCheckSchedule take them. */
import { scheduleProblem } from '../src/config/schedule';
import { captureConfigError, exampleWith } from './support/config-errors';

describe('schedule expressions', () => {
  it.each([
    'rate(1 minute)',
    'rate(1 hour)',
    'rate(1 day)',
    'rate(5 minutes)',
    'rate(6 hours)',
    'rate(30 days)',
    'cron(0 */6 * * ? *)',
    'cron(15 10 ? * 6L 2030-2040)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0 9 ? JAN,JUL 2#1 *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 15W * ? *)',
    'cron(5,35 14 * * ? *)',
  ])('accepts %s', (expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ['rate(6 hour)', 'rate(6 hours)'],
    ['rate(1 hours)', 'rate(1 hour)'],
    ['rate(15 minute)', 'rate(15 minutes)'],
    ['rate(1 days)', 'rate(1 day)'],
  ])('refuses %s and says the form EventBridge wants', (expression, wanted) => {
    expect(scheduleProblem(expression)).toBe(
      `${expression}: EventBridge wants ${wanted} (singular for 1, plural otherwise)`,
    );
  });

  it.each([
    ['rate(0 minutes)', 'the rate must be at least 1'],
    ['rate(6 weeks)', 'unit minute(s), hour(s) or day(s)'],
    ['rate(6  hours)', 'unit minute(s), hour(s) or day(s)'],
    ['rate(-1 hours)', 'unit minute(s), hour(s) or day(s)'],
    ['rate(six hours)', 'unit minute(s), hour(s) or day(s)'],
    ['every 6 hours', 'is not a schedule expression'],
    ['at(2026-01-01T00:00:00)', 'is not a schedule expression'],
    ['cron(0 6 * *)', 'has 4 fields; EventBridge wants 6: minutes hours day-of-month month day-of-week year'],
    ['cron(0 */6 * * *)', 'has 5 fields'],
    ['cron(0 0 * * ? * *)', 'has 7 fields'],
    ['cron(60 * * * ? *)', 'minutes "60" is not valid (0-59'],
    ['cron(0 24 * * ? *)', 'hours "24" is not valid (0-23'],
    ['cron(0 0 32 * ? *)', 'day-of-month "32" is not valid'],
    ['cron(0 0 ? 13 * *)', 'month "13" is not valid (1-12 or JAN-DEC'],
    ['cron(0 0 ? FOO MON *)', 'month "FOO" is not valid'],
    ['cron(0 0 ? * 8 *)', 'day-of-week "8" is not valid (1-7 or SUN-SAT'],
    ['cron(0 0 ? * MON#6 *)', 'day-of-week "MON#6" is not valid'],
    ['cron(0 0 ? * 9L *)', 'day-of-week "9L" is not valid'],
    ['cron(0 0 40W * ? *)', 'day-of-month "40W" is not valid'],
    ['cron(0 0 1 * ? 1969)', 'year "1969" is not valid (1970-2199'],
    ['cron(0/0 * * * ? *)', 'minutes "0/0" is not valid'],
    ['cron(0/5/2 * * * ? *)', 'minutes "0/5/2" is not valid'],
    ['cron(1-2-3 * * * ? *)', 'minutes "1-2-3" is not valid'],
    ['cron(? * * * ? *)', 'minutes cannot be ?'],
    ['cron(0 0 * * * *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 0 ? * ? *)', 'exactly one of day-of-month and day-of-week must be ?'],
  ])('refuses %s: %s', (expression, problem) => {
    expect(scheduleProblem(expression)).toContain(problem);
  });

  it('are checked on both schedules of the deploy configuration, each problem under its field', () => {
    const error = captureConfigError(() =>
      exampleWith({ sweep: { schedule: 'rate(6 hour)', healthCheckSchedule: 'cron(0 * * * *)' } }),
    );
    expect(error.issues).toEqual([
      {
        field: 'sweep.schedule',
        message: 'rate(6 hour): EventBridge wants rate(6 hours) (singular for 1, plural otherwise)',
      },
      {
        field: 'sweep.healthCheckSchedule',
        message: expect.stringMatching(/^cron\(0 \* \* \* \*\) has 5 fields/),
      },
    ]);
  });
});
