/**
 * The member rules' patterns, as data: which sources and names each one lets through. Matching
 * real events against them is tested where a pattern matcher lives (infra/test/event-pattern.test.ts
 * on the synthesized template, the sandbox's EventBridge delivery).
 */
import {
  buildForwardingPattern,
  buildHubIntakePattern,
  buildRoleWatchPattern,
  buildWatchdogPattern,
  DETAIL_TYPE,
  EVENTS_EVENT_NAMES,
  IAM_EVENT_NAMES,
  type MemberRuleNames,
} from '../../src';

const names: MemberRuleNames = {
  forwardingRule: 'fwd',
  watchdogRule: 'dog',
  roleWatchRule: 'roles',
  remediationRole: 'remediator',
  forwarderRolePrefix: 'forwarder-',
};

type Arm = { source: string[]; detail: { eventName: string[]; requestParameters?: Record<string, unknown> } };
const arms = (pattern: Record<string, unknown>) =>
  (pattern.$or as Arm[] | undefined) ?? [pattern as unknown as Arm];
const sources = (pattern: Record<string, unknown>) =>
  [...new Set(arms(pattern).flatMap((arm) => arm.source))].sort();

describe('member rule patterns', () => {
  it('the forwarding rule: security groups, tag calls on them, and calls on every guardrail rule', () => {
    const pattern = buildForwardingPattern(names);
    expect(pattern['detail-type']).toEqual([DETAIL_TYPE]);
    expect(sources(pattern)).toEqual(['aws.ec2', 'aws.events', 'aws.tagging']);
    const tamper = arms(pattern).filter((arm) => arm.source.includes('aws.events'));
    expect(tamper.flatMap((arm) => arm.detail.eventName).sort()).toEqual([...EVENTS_EVENT_NAMES].sort());
    for (const arm of tamper)
      expect(Object.values(arm.detail.requestParameters ?? {})).toEqual([['fwd', 'dog', 'roles']]);
  });

  it('the watchdog: calls on the guardrail rules only', () => {
    const pattern = buildWatchdogPattern(names);
    expect(sources(pattern)).toEqual(['aws.events']);
    expect(arms(pattern)).toEqual(
      arms(buildForwardingPattern(names)).filter((arm) => arm.source.includes('aws.events')),
    );
  });

  it('the role-watch rule: IAM changes to the remediation role and the forwarder roles', () => {
    const pattern = buildRoleWatchPattern(names);
    expect(sources(pattern)).toEqual(['aws.iam']);
    expect((pattern.detail as Arm['detail']).eventName).toEqual([...IAM_EVENT_NAMES]);
    expect((pattern.detail as Arm['detail']).requestParameters).toEqual({
      roleName: ['remediator', { prefix: 'forwarder-' }],
    });
  });

  it('the hub intake: whatever any member rule forwards', () => {
    const hub = arms(buildHubIntakePattern(names));
    for (const pattern of [
      buildForwardingPattern(names),
      buildWatchdogPattern(names),
      buildRoleWatchPattern(names),
    ]) {
      for (const arm of arms(pattern)) {
        const { 'detail-type': _type, ...bare } = arm as unknown as Record<string, unknown>;
        expect(hub).toContainEqual(bare);
      }
    }
  });
});
