import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DETAIL_TYPE,
  EC2_EVENT_NAMES,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_NAMES,
  EVENTS_EVENT_SOURCE,
  IAM_EVENT_NAMES,
  IAM_EVENT_SOURCE,
  TAGGING_EVENT_NAMES,
  TAGGING_EVENT_SOURCE,
} from '@guardrail/core';
import { matchesPattern } from '@guardrail/sandbox';
import fc from 'fast-check';
import { buildHubIntakePattern, memberRuleNames } from '../src/member/event-pattern';
import { cloudTrailEvent, ec2Event, ec2TagEvent, eventsEvent, sgArn, taggingEvent } from './support/events';
import { onlyResource, resourcesOf, type Synthesized, synthesize } from './support/synth';

const FIXTURES = resolve(__dirname, '..', '..', 'packages', 'core', 'test', 'fixtures', 'events');
const EC2_TAG_CALLS = new Set(['CreateTags', 'DeleteTags']);
const ALL_CATALOG_NAMES = new Set<string>([
  ...EC2_EVENT_NAMES,
  ...TAGGING_EVENT_NAMES,
  ...EVENTS_EVENT_NAMES,
]);

let synth: Synthesized;
let pattern: Record<string, unknown>;

beforeAll(() => {
  synth = synthesize();
  pattern = resourcesOf(synth.memberJson, 'AWS::Events::Rule').ForwardingRule!.Properties
    .EventPattern as Record<string, unknown>;
});

describe('the member forwarding rule pattern (synthesized)', () => {
  it('matches every EC2 event name of the core catalog on a security group', () => {
    for (const name of EC2_EVENT_NAMES) {
      const event = EC2_TAG_CALLS.has(name) ? ec2TagEvent(name, ['sg-0123456789abcdef0']) : ec2Event(name);
      expect({ name, matched: matchesPattern(pattern, event) }).toEqual({ name, matched: true });
    }
  });

  it('matches EC2 tag calls only when one of the resources is a security group', () => {
    for (const name of EC2_TAG_CALLS) {
      expect(
        matchesPattern(pattern, ec2TagEvent(name, ['i-0123456789abcdef0', 'sg-0123456789abcdef0'])),
      ).toBe(true);
      expect(matchesPattern(pattern, ec2TagEvent(name, ['i-0123456789abcdef0', 'vpc-0123']))).toBe(false);
    }
  });

  it('matches the tagging API on security group ARNs only', () => {
    for (const name of TAGGING_EVENT_NAMES) {
      expect(matchesPattern(pattern, taggingEvent(name, [sgArn()]))).toBe(true);
      expect(matchesPattern(pattern, taggingEvent(name, ['arn:aws:s3:::bucket', sgArn('sg-0aa')]))).toBe(
        true,
      );
      expect(
        matchesPattern(pattern, taggingEvent(name, ['arn:aws:ec2:eu-west-1:222222222222:instance/i-1'])),
      ).toBe(false);
    }
  });

  it('matches tampering calls on the guardrail rules and on no other rule', () => {
    const { forwardingRule, watchdogRule, roleWatchRule } = synth.config.names;
    for (const name of EVENTS_EVENT_NAMES) {
      for (const rule of [forwardingRule, watchdogRule, roleWatchRule]) {
        expect({ name, rule, own: matchesPattern(pattern, eventsEvent(name, rule)) }).toEqual({
          name,
          rule,
          own: true,
        });
      }
      expect(matchesPattern(pattern, eventsEvent(name, 'some-team-rule'))).toBe(false);
    }
  });

  it('matches no event name outside the catalog, from any watched source', () => {
    const sources = [EC2_EVENT_SOURCE, TAGGING_EVENT_SOURCE, EVENTS_EVENT_SOURCE];
    const known = [
      'RunInstances',
      'DescribeSecurityGroups',
      'CreateVpc',
      'GetResources',
      'EnableRule',
      'ListRules',
    ];
    for (const source of sources) {
      for (const name of known) {
        expect(matchesPattern(pattern, cloudTrailEvent(source, name, { groupId: 'sg-1', name: 'x' }))).toBe(
          false,
        );
      }
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.string({ minLength: 1 }).filter((name) => !ALL_CATALOG_NAMES.has(name)),
        (source, name) =>
          !matchesPattern(
            pattern,
            cloudTrailEvent(source, name, {
              groupId: 'sg-1',
              name: synth.config.names.forwardingRule,
              rule: synth.config.names.forwardingRule,
              resourcesSet: { items: [{ resourceId: 'sg-1' }] },
              resourceARNList: [sgArn()],
            }),
          ),
      ),
    );
  });

  it('matches only CloudTrail API call events from the expected source', () => {
    const event = ec2Event('AuthorizeSecurityGroupIngress');
    expect(matchesPattern(pattern, { ...event, 'detail-type': 'AWS Service Event via CloudTrail' })).toBe(
      false,
    );
    expect(matchesPattern(pattern, { ...event, source: 'aws.tagging' })).toBe(false);
    expect(
      matchesPattern(pattern, { ...event, detail: { ...event.detail, eventSource: 'iam.amazonaws.com' } }),
    ).toBe(false);
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(pattern['detail-type']).toEqual([DETAIL_TYPE]);
  });

  it('is matched by the hub rule, whose pattern takes what any member rule forwards', () => {
    const hubRule = onlyResource(synth.hubJson, 'AWS::Events::Rule');
    const hubPattern = hubRule.Properties.EventPattern as Record<string, unknown>;
    expect(hubPattern).toEqual(buildHubIntakePattern(memberRuleNames(synth.config)));
    const samples = [
      ec2Event('AuthorizeSecurityGroupIngress'),
      ec2TagEvent('DeleteTags', ['sg-0123456789abcdef0']),
      taggingEvent('UntagResources', [sgArn()]),
      eventsEvent('DisableRule', synth.config.names.forwardingRule),
      eventsEvent('RemoveTargets', synth.config.names.watchdogRule),
      roleEvent('UpdateAssumeRolePolicy', synth.config.names.remediationRole),
    ];
    for (const event of samples) expect(matchesPattern(hubPattern, event)).toBe(true);
    expect(matchesPattern(hubPattern, roleEvent('PutRolePolicy', 'app-role'))).toBe(false);
  });
});

/** An IAM call on a role, as CloudTrail delivers it to EventBridge (in us-east-1). */
function roleEvent(eventName: string, roleName: string) {
  return { ...cloudTrailEvent(IAM_EVENT_SOURCE, eventName, { roleName }), region: 'us-east-1' };
}

describe('the watchdog and role-watch rules (synthesized)', () => {
  const rule = (id: string) =>
    resourcesOf(synth.memberJson, 'AWS::Events::Rule')[id]!.Properties.EventPattern as Record<
      string,
      unknown
    >;

  it('the watchdog forwards tampering with any guardrail rule, and nothing else', () => {
    const watchdog = rule('WatchdogRule');
    const { forwardingRule, watchdogRule } = synth.config.names;
    for (const name of EVENTS_EVENT_NAMES) {
      expect(matchesPattern(watchdog, eventsEvent(name, forwardingRule))).toBe(true);
      expect(matchesPattern(watchdog, eventsEvent(name, watchdogRule))).toBe(true);
      expect(matchesPattern(watchdog, eventsEvent(name, 'some-team-rule'))).toBe(false);
    }
    expect(matchesPattern(watchdog, ec2Event('AuthorizeSecurityGroupIngress'))).toBe(false);
  });

  it('the role-watch rule forwards changes to the remediation and forwarder roles only, in us-east-1', () => {
    const roles = rule('RoleWatchRule');
    const { remediationRole, forwarderRolePrefix } = synth.config.names;
    for (const name of IAM_EVENT_NAMES) {
      expect(matchesPattern(roles, roleEvent(name, remediationRole))).toBe(true);
      expect(matchesPattern(roles, roleEvent(name, `${forwarderRolePrefix}eu-west-1`))).toBe(true);
      expect(matchesPattern(roles, roleEvent(name, 'app-role'))).toBe(false);
    }
    expect(matchesPattern(roles, roleEvent('CreateRole', remediationRole))).toBe(false);
    expect(resourcesOf(synth.memberJson, 'AWS::Events::Rule').RoleWatchRule!.Condition).toBe(
      'InIamEventsRegion',
    );
    expect((synth.memberJson.Conditions as Record<string, unknown>).InIamEventsRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });
});

/** An independent reading of what the hub acts on: the catalog, narrowed as design section 4 says. */
function isWatched(
  event: { detail?: { eventName?: string; eventSource?: string; requestParameters?: unknown } },
  rule: string,
) {
  const detail = event.detail ?? {};
  const name = detail.eventName ?? '';
  const params = (detail.requestParameters ?? {}) as Record<string, unknown>;
  if (detail.eventSource === EC2_EVENT_SOURCE && (EC2_EVENT_NAMES as readonly string[]).includes(name)) {
    if (!EC2_TAG_CALLS.has(name)) return true;
    const items = (
      (params.resourcesSet as { items?: { resourceId?: string }[] } | undefined)?.items ?? []
    ).map((item) => item.resourceId ?? '');
    return items.some((id) => id.startsWith('sg-'));
  }
  if (
    detail.eventSource === TAGGING_EVENT_SOURCE &&
    (TAGGING_EVENT_NAMES as readonly string[]).includes(name)
  ) {
    return ((params.resourceARNList as string[] | undefined) ?? []).some((arn) =>
      arn.includes(':security-group/'),
    );
  }
  if (
    detail.eventSource === EVENTS_EVENT_SOURCE &&
    (EVENTS_EVENT_NAMES as readonly string[]).includes(name)
  ) {
    return params.name === rule || params.rule === rule;
  }
  return false;
}

const fixtureFiles = existsSync(FIXTURES)
  ? readdirSync(FIXTURES).filter((file) => file.endsWith('.json'))
  : [];

/**
 * A fixture as EventBridge delivers it: bare CloudTrail records are wrapped in an envelope, and the
 * envelope `source` is the one AWS documents for the record's eventSource (`aws.tagging` for
 * tagging.amazonaws.com: https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-tagging.html).
 */
function asDelivered(raw: Record<string, unknown>): {
  event: Record<string, unknown>;
  sourceDiffers: boolean;
} {
  const detail = (raw.detail ?? raw) as { eventSource?: string };
  const source = `aws.${(detail.eventSource ?? '').split('.')[0]}`;
  const event = raw.detail === undefined ? { 'detail-type': DETAIL_TYPE, detail: raw } : raw;
  return { event: { ...event, source }, sourceDiffers: raw.detail !== undefined && raw.source !== source };
}

describe('against the core event fixtures', () => {
  it('finds the fixtures', () => expect(fixtureFiles.length).toBeGreaterThan(20));

  it('matches exactly the fixtures the hub acts on, and every catalog name has a matched fixture', () => {
    const matchedNames = new Set<string>();
    const wrongSources: string[] = [];
    for (const file of fixtureFiles) {
      const raw = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
      const { event, sourceDiffers } = asDelivered(raw);
      if (sourceDiffers) wrongSources.push(file);
      const matched = matchesPattern(pattern, event);
      expect({ file, matched }).toEqual({
        file,
        matched: isWatched(event, synth.config.names.forwardingRule),
      });
      if (matched) matchedNames.add((event.detail as { eventName: string }).eventName);
    }
    expect(wrongSources).toEqual([]);
    expect([...ALL_CATALOG_NAMES].filter((name) => !matchedNames.has(name))).toEqual([]);
  });
});
