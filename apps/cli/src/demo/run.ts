/**
 * Runs every story on a fresh sandbox organization, with a fixed clock and a seeded sandbox so
 * the demo tells the same thing on every run; then reads the organization's posture the stories
 * left, as `guardrail report --org` does, before the sandbox goes.
 */
import { errorText, HUB_ENV } from '@guardrail/core';
import { composeHub, loadHubConfig } from '@guardrail/engine';
import type { Sandbox } from '@guardrail/sandbox';
import { hubEnvironment, installMemberForwarding } from '@guardrail/testkit';
import { DemoClock } from './clock';
import {
  ACCOUNTS,
  createDemoOrganization,
  DEMO_POLICIES,
  PRIMARY_REGION,
  REGIONS,
  ROLE_NAME,
} from './organization';
import { readDemoPosture } from './posture';
import type { DemoPosture, DemoReport, StoryReport } from './report';
import { Stage } from './stage';
import { STORIES, type Story } from './stories';

/** The demo's "now": a fixed instant, so event times and alerts never change between runs. */
export const DEMO_START = new Date('2025-06-02T09:00:00Z');
/** The pause between two stories. */
const BETWEEN_STORIES_MS = 60_000;

export interface DemoOptions {
  seed?: number;
  /** Runs before the stories (tests use it to break the world, e.g. with a fault). */
  prepare?: (sb: Sandbox) => void;
  stories?: readonly Story[];
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const seed = options.seed ?? 1;
  const clock = new DemoClock(DEMO_START);
  const org = createDemoOrganization(seed, clock);
  // The hub exactly as the Lambda builds it, from the variables infra would set.
  // Prod's member forwarding as the StackSet deploys it (rules, targets, DLQ), so that the hub's
  // forwarding health check has something to check.
  const hubBusArn = org.sb.eventbridge.createEventBus(ACCOUNTS.hub.id, PRIMARY_REGION, 'guardrail-hub');
  installMemberForwarding(org.sb, { account: ACCOUNTS.prod.id, region: PRIMARY_REGION, hubBusArn });
  const config = loadHubConfig(
    hubEnvironment(org.hub, { [HUB_ENV.policyYaml]: DEMO_POLICIES, [HUB_ENV.hubEventBusArn]: hubBusArn }),
  );
  const { hub, destroy } = composeHub(config, { aws: org.hub.hubAws(2), now: clock.now });
  options.prepare?.(org.sb);
  const stage = new Stage(org, hub, clock);
  const stories: StoryReport[] = [];
  let posture: DemoPosture;
  try {
    for (const story of options.stories ?? STORIES) {
      stage.begin();
      stories.push(await tell(story, stage));
      clock.advance(BETWEEN_STORIES_MS);
    }
    posture = await readDemoPosture(org, clock.now());
  } finally {
    destroy();
    org.destroy();
  }
  return {
    seed,
    startedAt: DEMO_START.toISOString(),
    organization: {
      id: org.sb.organization.id,
      hub: { account: ACCOUNTS.hub.id, name: ACCOUNTS.hub.name, topicArn: org.topicArn },
      accounts: [ACCOUNTS.prod, ACCOUNTS.staging, ACCOUNTS.dev].map((a) => ({
        id: a.id,
        name: a.name,
        remediationRole: org.sb.iam.role(`arn:aws:iam::${a.id}:role/${ROLE_NAME}`) !== undefined,
      })),
      regions: [...REGIONS],
    },
    stories,
    posture,
    // The stories decide: the posture has violations (audit mode) and gaps (no role) on purpose.
    ok: stories.every((s) => s.ok),
  };
}

/** One story; an exception it throws is a story that did not end as expected, not a crash. */
async function tell(story: Story, stage: Stage): Promise<StoryReport> {
  const base = { id: story.id, title: story.title, expected: story.expected };
  try {
    const outcome = await story.run(stage);
    const { group, ...rest } = outcome;
    return {
      ...base,
      ...rest,
      ok: outcome.checks.every((c) => c.ok),
      ...(group
        ? {
            group: {
              account: ACCOUNTS[group.account].id,
              accountName: ACCOUNTS[group.account].name,
              region: group.region,
              groupId: group.groupId,
              groupName: group.name,
            },
          }
        : {}),
      timeline: stage.timeline,
    };
  } catch (error) {
    const message = errorText(error);
    stage.note('note', 'demo', `the story stopped: ${message}`);
    return {
      ...base,
      outcome: 'error',
      ok: false,
      checks: [{ name: `the story ran to the end (${message})`, ok: false }],
      rulesAfter: [],
      alerts: [],
      timeline: stage.timeline,
    };
  }
}
