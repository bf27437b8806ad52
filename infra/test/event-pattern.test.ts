import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DETAIL_TYPE,
  EC2_EVENT_NAMES,
  EC2_EVENT_SOURCE,
  EVENTS_EVENT_NAMES,
  EVENTS_EVENT_SOURCE,
  TAGGING_EVENT_NAMES,
  TAGGING_EVENT_SOURCE,
} from '@guardrail/core';
import fc from 'fast-check';
import { cloudTrailEvent, ec2Event, ec2TagEvent, eventsEvent, sgArn, taggingEvent } from './support/events';
import { matchesPattern } from './support/pattern-matcher';
import { onlyResource, type Synthesized, synthesize } from './support/synth';

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
  pattern = onlyResource(synth.memberJson, 'AWS::Events::Rule').Properties.EventPattern as Record<
    string,
    unknown
  >;
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

  it('matches tampering calls on the guardrail rule and on no other rule', () => {
    for (const name of EVENTS_EVENT_NAMES) {
      expect({
        name,
        own: matchesPattern(pattern, eventsEvent(name, synth.config.names.forwardingRule)),
      }).toEqual({
        name,
        own: true,
      });
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

  it('is the same pattern the hub rule applies to forwarded events', () => {
    const hubRule = onlyResource(synth.hubJson, 'AWS::Events::Rule');
    expect(hubRule.Properties.EventPattern).toEqual(pattern);
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
