/**
 * Whatever the names, ids, codes and rule shapes, every kind of subject stays within SNS's
 * limit, on one line, without a split character.
 */
import fc from 'fast-check';
import { composeAlert, type Incident, MAX_SUBJECT_LENGTH } from '../../src/alerts';
import type { ForwardingProblemCode } from '../../src/forwarding/types';
import type { Rule } from '../../src/rules/types';
import { actor, authorize, change, context, outcome, plan, revoke, rule, violation } from './builders';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
  );

const peer = fc.oneof(
  text(300).map((cidr) => ({ kind: 'ipv4' as const, cidr })),
  text(300).map((prefixListId) => ({ kind: 'prefixList' as const, prefixListId })),
  fc.record({ groupId: text(200), userId: text(200) }).map((p) => ({ kind: 'securityGroup' as const, ...p })),
);

const ruleArb: fc.Arbitrary<Rule> = fc.record({
  direction: fc.constantFrom('ingress' as const, 'egress' as const),
  protocol: fc.constantFrom('tcp', 'udp', '-1', 'icmp', '50'),
  fromPort: fc.integer({ min: -1, max: 65535 }),
  toPort: fc.integer({ min: -1, max: 65535 }),
  peer,
});

const place = fc.record({
  accountId: text(200),
  accountName: fc.option(text(300), { nil: undefined }),
  region: text(60),
  groupId: text(120),
});

/** Every problem code: the longest list of kinds a broken subject names. */
const FORWARDING_CODES: ForwardingProblemCode[] = [
  'rule-missing',
  'rule-disabled',
  'state-changed',
  'bus-changed',
  'pattern-changed',
  'target-missing',
  'target-changed',
  'extra-target',
  'dead-letters',
  'queue-missing',
  'unreadable',
];

const incidentArb: fc.Arbitrary<Incident> = fc
  .tuple(
    place,
    fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('remediated', 'failed', 'partial', 'audit', 'restore'),
    text(400),
    fc.constantFrom(
      'remediation',
      'misconfigured',
      'account-error',
      'contested',
      'tamper',
      'group-deleted',
      'forwarding',
      'sweep',
    ),
    fc.nat({ max: 1_000_000 }),
  )
  .map(([where, rules, shape, free, kind, count]): Incident => {
    const ctx = context({
      account: { id: where.accountId, name: where.accountName },
      region: where.region,
      group: { groupId: where.groupId, groupName: free },
    });
    const restoring = shape === 'restore';
    const actions = restoring ? [authorize(rules)] : rules.map((r) => revoke(r));
    const violations = rules.map((r) => violation(r, restoring ? { code: 'missing-required' } : {}));
    const p = plan({
      groupId: where.groupId,
      mode: shape === 'audit' ? 'audit' : 'enforce',
      actions: shape === 'audit' ? [] : actions,
      violations,
      policy: free,
      misconfiguration: free,
      changes: [change({ actor: actor({ arn: free, userAgent: free }), rulesAdded: rules })],
    });
    const outcomes = actions.map((a, i) =>
      outcome(a, shape === 'failed' || (shape === 'partial' && i > 0) ? 'failed' : 'succeeded', {
        error: free,
      }),
    );
    const tamper = change.tamper({
      eventName: 'DeleteRule',
      target: { type: 'rule', name: free },
      account: where.accountId,
      region: where.region,
    });
    switch (kind) {
      case 'remediation':
        return {
          kind,
          plan: { ...p, misconfiguration: undefined },
          outcomes,
          context: ctx,
          completedAt: '2025-06-01T10:00:05Z',
        };
      case 'misconfigured':
        return { kind, plan: p, context: ctx };
      case 'account-error':
        return {
          kind,
          account: ctx.account,
          region: where.region,
          reason: free,
          code: free.length % 2 ? free : undefined,
          changes: [],
        };
      case 'contested':
        return { kind, plan: p, context: ctx, remediations: count, windowMinutes: count, resumesAt: free };
      case 'tamper':
        return { kind, change: tamper };
      case 'forwarding':
        // Every code at once, or (unverified: the subject names the resources) two unreadable ones.
        return {
          kind,
          account: ctx.account,
          region: where.region,
          status: count % 3 === 0 ? 'resolved' : 'broken',
          problems: (count % 2 ? FORWARDING_CODES : (['unreadable', 'unreadable'] as const)).map((code) => ({
            code,
            resource: free,
            detail: free,
          })),
          checkedAt: free,
        };
      case 'sweep':
        // Every figure as large as the fuzz makes it, overdue or complete with accounts unread.
        return {
          kind,
          account: ctx.account,
          region: where.region,
          sweep: {
            sweepId: free,
            status: count % 2 ? 'overdue' : 'complete',
            startedAt: free,
            at: free,
            durationSeconds: count,
            accounts: count,
            regions: [where.region, free],
            targets: { expected: count * 17, finished: count },
            groups: count,
            violations: count,
            fixed: count,
            unreadable: [{ account: where.accountId, reason: free }],
            unreadableCount: count % 3,
          },
        };
      default:
        return { kind: 'group-deleted', context: ctx, changes: [] };
    }
  });

describe('alert subjects', () => {
  it(`are at most ${MAX_SUBJECT_LENGTH} characters, one line, well-formed, for every incident kind`, () => {
    fc.assert(
      fc.property(incidentArb, (incident) => {
        const alert = composeAlert(incident);
        if (!alert) throw new Error(`no alert for ${incident.kind}`);
        const { subject } = alert;
        expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
        expect(CONTROL.test(subject)).toBe(false);
        expect(LONE_SURROGATE.test(subject)).toBe(false);
        expect(subject.startsWith(`[${alert.severity.toUpperCase()}] `)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keep the account id and region when only a name or a rule is long', () => {
    const longPrefixList = rule({ peer: { kind: 'prefixList', prefixListId: `pl-${'f'.repeat(200)}` } });
    const p = plan({ violations: [violation(longPrefixList)], actions: [revoke(longPrefixList)] });
    const alert = composeAlert({
      kind: 'remediation',
      plan: p,
      outcomes: [outcome(p.actions[0]!)],
      context: context({ account: { id: '111122223333', name: 'a'.repeat(300) } }),
      completedAt: '2025-06-01T10:00:05Z',
    });
    expect(alert?.subject).toMatch(
      /^\[CRITICAL\] Reverted tcp 22 from pl-f+\.\.\. on sg-0123456789abcdef0 \(111122223333, eu-west-1\)$/,
    );
  });
});
