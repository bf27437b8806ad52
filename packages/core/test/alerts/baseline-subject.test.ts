/** Whatever the names, ids, principals and errors, a baseline alert's subject stays within SNS's limit, on one line. */
import fc from 'fast-check';
import { composeAlert, MAX_SUBJECT_LENGTH } from '../../src/alerts';
import { baselineIncident } from '../../src/alerts/kinds/baseline';
import type { BaselineEvent } from '../../src/alerts/types';
import { baseline } from '../baseline/fixtures';
import { context } from './builders';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const text = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));

const EVENTS: BaselineEvent[] = ['captured', 'updated', 'accepted', 'unavailable', 'unsaved'];

describe('baseline alert subjects', () => {
  it(`are at most ${MAX_SUBJECT_LENGTH} characters, one line, and start with the severity`, () => {
    const kept = baseline();
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENTS),
        text(200),
        text(300),
        fc.option(text(300), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
        (event, groupId, by, accountName, version) => {
          const alert = composeAlert(
            baselineIncident({
              context: context({
                group: { groupId },
                account:
                  accountName === undefined
                    ? { id: '111122223333' }
                    : { id: '111122223333', name: accountName },
              }),
              event,
              changes: [],
              by: `arn:aws:sts::111122223333:assumed-role/${by}`,
              ...(version === undefined ? {} : { baseline: { ...kept, version } }),
              error: by,
            }),
          );
          if (!alert) throw new Error('expected an alert');
          expect(alert.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
          expect(CONTROL.test(alert.subject)).toBe(false);
          expect(alert.subject.startsWith(`[${alert.severity.toUpperCase()}] `)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
