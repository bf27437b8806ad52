/**
 * The report's formats on a report made by hand: account names, groups whose state could not be
 * read (a sweep's) listed with their reason, gaps in every format, and the text heat map of
 * account x region.
 */
import { type PostureReport, postureReport, unreadableGroup } from '@guardrail/core';
import { renderReport } from '../src/report/render';

const now = new Date('2026-03-01T00:00:00Z');

function sample(): PostureReport {
  return postureReport({
    groups: [
      unreadableGroup(
        {
          account: '111122223333',
          accountName: 'prod',
          region: 'eu-west-1',
          groupId: 'sg-1',
          policy: 'web-public',
        },
        'DescribeSecurityGroups throttled',
      ),
    ],
    unreadable: [
      {
        account: '444455556666',
        accountName: 'staging',
        region: 'us-east-1',
        code: 'AccessDenied',
        reason: 'cannot assume the role',
      },
    ],
    read: [
      { account: '111122223333', accountName: 'prod', region: 'us-east-1' },
      { account: '444455556666', accountName: 'staging', region: 'eu-west-1' },
    ],
    generatedAt: now,
  });
}

describe('report formats', () => {
  it('text: an unreadable group with its reason, the gap, the heat map and the summary', () => {
    const lines = renderReport(sample(), 'text').split('\n');
    expect(lines[1]).toMatch(
      /^high +unreadable +111122223333 \(prod\) +eu-west-1 +sg-1 +web-public +DescribeSecurityGroups throttled$/,
    );
    expect(lines).toContain(
      'unreadable: 444455556666 (staging) us-east-1: AccessDenied: cannot assume the role',
    );
    const map = lines.indexOf('by account x region (opted-in groups, worst severity):');
    expect(lines.slice(map + 1, map + 4)).toEqual([
      '  account                 eu-west-1  us-east-1',
      '  111122223333 (prod)     1 high     0',
      '  444455556666 (staging)  0          unreadable',
    ]);
    expect(lines.at(-1)).toBe(
      '1 opted-in group: 0 compliant, 0 violating, 0 misconfigured, 1 unreadable (1 high); 1 account x region unreadable',
    );
  });

  it('csv: the unreadable group with its reason, and a row per gap (status unreadable, no group)', () => {
    const rows = renderReport(sample(), 'csv').split('\r\n');
    expect(rows.slice(1)).toEqual([
      '111122223333,prod,eu-west-1,sg-1,,,web-public,,unreadable,high,,,,DescribeSecurityGroups throttled,',
      '444455556666,staging,us-east-1,,,,,,unreadable,,,,,AccessDenied: cannot assume the role,',
    ]);
  });

  it('markdown: the group with its reason, the gaps, and the account x region table', () => {
    const md = renderReport(sample(), 'markdown');
    expect(md).toContain(
      '| high | unreadable | 111122223333 (prod) | eu-west-1 | sg-1 |  | web-public |  | DescribeSecurityGroups throttled |  |',
    );
    expect(md).toContain(
      '## Not read\n\n- 444455556666 (staging) us-east-1: AccessDenied: cannot assume the role',
    );
    expect(md).toContain('| 444455556666 (staging) | 0 | unreadable |');
  });

  it('an empty report has no heat map and no gaps section', () => {
    const empty = postureReport({ groups: [], unreadable: [], read: [], generatedAt: now });
    expect(renderReport(empty, 'text')).not.toContain('by account x region');
    expect(renderReport(empty, 'markdown')).not.toContain('##');
  });
});
