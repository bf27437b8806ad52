/**
 * The report's progress: on standard error only, a bar redrawn in place on a terminal, a few plain
 * lines elsewhere, nothing with --quiet; standard output carries the report alone.
 */
import { PRIMARY_REGION } from '../src/demo/organization';
import { createProgress } from '../src/progress';
import { BOTH_REGIONS, orgReport, orgWorld, report } from './report-world';

describe('the progress bar', () => {
  const recorded = (tty: boolean, total: number, ticks: number) => {
    let text = '';
    const progress = createProgress({
      write: (t) => {
        text += t;
      },
      tty,
      label: 'accounts x regions',
      labelOne: 'account x region',
      width: 10,
    });
    progress.start(total);
    for (let i = 0; i < ticks; i++) progress.tick();
    progress.end();
    return text;
  };

  it('on a terminal, redraws one line in place and ends it', () => {
    expect(recorded(true, 4, 4).split('\r')).toEqual([
      '',
      '[..........] 0/4 accounts x regions',
      '[##........] 1/4 accounts x regions',
      '[#####.....] 2/4 accounts x regions',
      '[#######...] 3/4 accounts x regions',
      '[##########] 4/4 accounts x regions\n',
    ]);
    expect(recorded(true, 1, 1)).toBe(
      '\r[..........] 0/1 account x region\r[##########] 1/1 account x region\n',
    );
  });

  it('elsewhere, writes the start, each quarter and the end as plain lines', () => {
    expect(recorded(false, 40, 40).split('\n')).toEqual([
      'reading 40 accounts x regions',
      '10/40 accounts x regions',
      '20/40 accounts x regions',
      '30/40 accounts x regions',
      '40/40 accounts x regions read',
      '',
    ]);
    // Given up half way (the end says how far it got), and a count of one.
    expect(recorded(false, 2, 1)).toBe(
      'reading 2 accounts x regions\n1/2 accounts x regions\n1/2 accounts x regions read\n',
    );
    expect(recorded(false, 1, 1)).toBe('reading 1 account x region\n1/1 account x region read\n');
  });

  it('says nothing when quiet', () => {
    let text = '';
    const progress = createProgress({ write: (t) => (text += t), tty: true, label: 'x', quiet: true });
    progress.start(3);
    progress.tick();
    progress.end();
    expect(text).toBe('');
  });
});

describe('guardrail report progress', () => {
  it('goes to standard error only, as plain lines when it is not a terminal', async () => {
    const { out, json } = await orgReport(orgWorld(51), { quiet: false });
    expect(out.stderr).toBe(
      [
        'reading 8 accounts x regions',
        '2/8 accounts x regions',
        '4/8 accounts x regions',
        '6/8 accounts x regions',
        '8/8 accounts x regions read',
        '',
      ].join('\n'),
    );
    expect(json.targets).toHaveLength(8);
  });

  it('on a terminal, draws the bar on standard error; the JSON on standard output stays whole', async () => {
    const w = orgWorld(52);
    const { out } = await report(
      w.aws,
      { org: true, orgRoleArn: w.orgReadRoleArn, region: BOTH_REGIONS, format: 'json' },
      { stderrIsTTY: true },
    );
    expect(out.stderr.startsWith('\r[....................] 0/8 accounts x regions\r')).toBe(true);
    expect(out.stderr.endsWith('\r[####################] 8/8 accounts x regions\n')).toBe(true);
    expect(out.stdout).not.toMatch(/\r|accounts x regions/);
    expect(JSON.parse(out.stdout).targets).toHaveLength(8);
  });

  it('counts regions for one account, and is silent with --quiet', async () => {
    const w = orgWorld(53);
    const one = await report(w.aws, { region: PRIMARY_REGION });
    expect(one.out.stderr).toBe('reading 1 region\n1/1 region read\n');
    const quiet = await report(w.aws, { region: PRIMARY_REGION, quiet: true });
    expect(quiet.out.stderr).toBe('');
    expect(quiet.out.stdout).toBe(one.out.stdout);
  });
});
