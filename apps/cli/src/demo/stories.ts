/**
 * The demo's stories (issue 3): each one is a person changing a security group through the real
 * EC2 client, the hub handling the events, and the checks that say whether it ended as expected.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  ModifyManagedPrefixListCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { DisableRuleCommand, EnableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GUARDRAIL_NAMES, type IpPermission } from '@guardrail/core';
import type { GroupReport } from '@guardrail/engine';
import type { EventBridgeEvent } from '@guardrail/sandbox';
import {
  ACCOUNTS,
  HTTP_WORLD,
  HTTPS_WORLD,
  type Person,
  PRIMARY_REGION,
  SECONDARY_REGION,
  SSH_WORLD,
  TAG_MODE,
  TAG_POLICY,
} from './organization';
import type { ReceivedAlert, StoryCheck, StoryReport } from './report';
import type { Delivery, GroupRef, Stage } from './stage';

export type StoryOutcome = Pick<StoryReport, 'outcome' | 'checks' | 'rulesAfter' | 'alerts'> & {
  group?: GroupRef;
};

export interface Story {
  id: string;
  title: string;
  expected: string;
  run(stage: Stage): Promise<StoryOutcome>;
}

const check = (name: string, ok: boolean): StoryCheck => ({ name, ok });

function outcomeOf(groups: GroupReport[], ref: GroupRef): string {
  return groups.find((g) => g.groupId === ref.groupId)?.outcome ?? 'not reconciled';
}

const tcp = (port: number, cidr = '0.0.0.0/0') => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
});

const names = (alerts: ReceivedAlert[], text: string) => alerts.some((a) => a.body.includes(text));

/** `person` opens `permission` on the group through the real EC2 client; the CloudTrail events. */
const authorize = (stage: Stage, person: Person, group: GroupRef, permission: IpPermission) =>
  stage.act(person, group.region, (ec2) =>
    ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: group.groupId, IpPermissions: [permission] }),
    ),
  );

/** `person` closes `permission` on the group through the real EC2 client; the CloudTrail events. */
const revoke = (stage: Stage, person: Person, group: GroupRef, permission: IpPermission) =>
  stage.act(person, group.region, (ec2) =>
    ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: group.groupId, IpPermissions: [permission] })),
  );

/** What a story judges after one delivery: the hub's answer, the group's rules after, its outcome. */
type Handled = Delivery & { rulesAfter: string[]; outcome: string };

/** The hub handles the events; the story's outcome for the group, judged by `checks`. */
async function deliverAndCheck(
  stage: Stage,
  group: GroupRef,
  events: EventBridgeEvent[],
  checks: (handled: Handled) => StoryCheck[],
): Promise<StoryOutcome> {
  const delivery = await stage.deliver(events);
  const rulesAfter = stage.showRules(group);
  const outcome = outcomeOf(delivery.report.groups, group);
  return {
    group,
    outcome,
    rulesAfter,
    alerts: delivery.alerts,
    checks: checks({ ...delivery, rulesAfter, outcome }),
  };
}

const sshToTheWorld: Story = {
  id: 'ssh-to-the-world',
  title: 'Someone opens SSH to the world on a tagged group',
  expected: 'reverted, alerted, the actor named',
  async run(stage) {
    const { alice } = stage.org.people;
    const group = stage.seedGroup({
      account: 'prod',
      region: PRIMARY_REGION,
      name: 'web-frontend',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
      ingress: [HTTPS_WORLD],
    });
    const events = await authorize(stage, alice, group, SSH_WORLD);
    return deliverAndCheck(stage, group, events, ({ outcome, rulesAfter, alerts }) => [
      check('the hub remediated the group', outcome === 'remediated'),
      check('tcp 22 from 0.0.0.0/0 is gone', !rulesAfter.includes('tcp 22 from 0.0.0.0/0')),
      check('tcp 443 from 0.0.0.0/0 is untouched', rulesAfter.includes('tcp 443 from 0.0.0.0/0')),
      check('one alert, critical', alerts.length === 1 && alerts[0]?.severity === 'critical'),
      check('the alert names alice', names(alerts, alice.principalArn)),
    ]);
  },
};

const requiredRuleRevoked: Story = {
  id: 'required-rule-revoked',
  title: 'Someone revokes a required rule (web-public: 443 from anywhere)',
  expected: 'restored, alerted',
  async run(stage) {
    const { bob } = stage.org.people;
    const group = stage.seedGroup({
      account: 'staging',
      region: SECONDARY_REGION,
      name: 'public-alb',
      tags: { [TAG_POLICY]: 'web-public' },
      ingress: [HTTP_WORLD, HTTPS_WORLD],
    });
    const events = await revoke(stage, bob, group, HTTPS_WORLD);
    return deliverAndCheck(stage, group, events, ({ outcome, rulesAfter, alerts }) => [
      check('the hub remediated the group', outcome === 'remediated'),
      check('tcp 443 from 0.0.0.0/0 is back', rulesAfter.includes('tcp 443 from 0.0.0.0/0')),
      check('tcp 80 from 0.0.0.0/0 is untouched', rulesAfter.includes('tcp 80 from 0.0.0.0/0')),
      check('one alert', alerts.length === 1),
      check('the alert names bob, in the console', names(alerts, 'bob@example.com')),
    ]);
  },
};

const untaggedGroup: Story = {
  id: 'untagged-group',
  title: 'An untagged group is changed',
  expected: 'left alone, no alert',
  async run(stage) {
    const { alice } = stage.org.people;
    const group = stage.seedGroup({ account: 'prod', region: PRIMARY_REGION, name: 'scratch-debug' });
    const events = await authorize(stage, alice, group, tcp(3389));
    return deliverAndCheck(stage, group, events, ({ outcome, rulesAfter, alerts, hubMutations }) => [
      check('the hub saw it is not opted in', outcome === 'unmanaged'),
      check('tcp 3389 from 0.0.0.0/0 is still there', rulesAfter.includes('tcp 3389 from 0.0.0.0/0')),
      check('the hub changed nothing', hubMutations.length === 0),
      check('no alert', alerts.length === 0),
    ]);
  },
};

const auditMode: Story = {
  id: 'audit-mode',
  title: 'A group in audit mode (guardrail:mode=audit) is opened to the internet',
  expected: 'only reported',
  async run(stage) {
    const { bob } = stage.org.people;
    const group = stage.seedGroup({
      account: 'staging',
      region: PRIMARY_REGION,
      name: 'billing-api',
      tags: { [TAG_POLICY]: 'internal-services', [TAG_MODE]: 'audit' },
    });
    const events = await authorize(stage, bob, group, tcp(5432));
    return deliverAndCheck(stage, group, events, ({ outcome, rulesAfter, alerts }) => [
      check('the hub decided audit', outcome === 'audit'),
      check('tcp 5432 from 0.0.0.0/0 is still there', rulesAfter.includes('tcp 5432 from 0.0.0.0/0')),
      check('one alert, outcome audit', alerts.length === 1 && alerts[0]?.attributes.outcome === 'audit'),
    ]);
  },
};

const accountWithoutRole: Story = {
  id: 'account-without-role',
  title: 'A group changes in an account without the remediation role',
  expected: 'an alert naming the account',
  async run(stage) {
    const { carol } = stage.org.people;
    const group = stage.seedGroup({
      account: 'dev',
      region: PRIMARY_REGION,
      name: 'experiments',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
    });
    const events = await authorize(stage, carol, group, SSH_WORLD);
    return deliverAndCheck(stage, group, events, ({ outcome, alerts, report }) => [
      check('the hub reported an account error', outcome === 'account-error'),
      check('not retried (a person must act)', report.batchItemFailures.length === 0),
      check('one alert', alerts.length === 1 && alerts[0]?.attributes.outcome === 'account-error'),
      check(`the alert names account ${ACCOUNTS.dev.id}`, names(alerts, ACCOUNTS.dev.id)),
    ]);
  },
};

const deliveredTwice: Story = {
  id: 'delivered-twice',
  title: 'The same event is delivered twice (twice in one batch, then again)',
  expected: 'one alert',
  async run(stage) {
    const { alice } = stage.org.people;
    const group = stage.seedGroup({
      account: 'prod',
      region: SECONDARY_REGION,
      name: 'session-cache',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
    });
    const [event, ...rest] = await authorize(stage, alice, group, tcp(6379));
    if (!event) throw new Error('the sandbox emitted no event');
    const first = await stage.deliver([event, event, ...rest], '(the same event twice)');
    const second = await stage.deliver([event], '(SQS delivers it again)');
    const rulesAfter = stage.showRules(group);
    const alerts = [...first.alerts, ...second.alerts];
    const duplicates = [...first.report.skipped, ...second.report.skipped].filter(
      (s) => s.reason === 'duplicate',
    );
    return {
      group,
      outcome: outcomeOf(first.report.groups, group),
      rulesAfter,
      alerts,
      checks: [
        check('the hub remediated the group once', outcomeOf(first.report.groups, group) === 'remediated'),
        check('tcp 6379 from 0.0.0.0/0 is gone', !rulesAfter.includes('tcp 6379 from 0.0.0.0/0')),
        check('both copies skipped as duplicates', duplicates.length === 2),
        check(
          'the redelivery reconciled nothing',
          second.report.groups.length === 0 && second.hubCalls === 0,
        ),
        check('one alert', alerts.length === 1),
      ],
    };
  },
};

const breakerThenRdp: Story = {
  id: 'breaker-then-rdp',
  title: 'An insider fights the hub over 443 until the breaker trips, then opens RDP',
  expected: 'only 443 paused (contested alert); RDP reverted, critical',
  async run(stage) {
    const { bob } = stage.org.people;
    const group = stage.seedGroup({
      account: 'staging',
      region: PRIMARY_REGION,
      name: 'shop-alb',
      tags: { [TAG_POLICY]: 'web-public' },
      ingress: [HTTP_WORLD, HTTPS_WORLD],
    });
    const alerts: ReceivedAlert[] = [];
    // Bob removes 443 six times: restored five times (the breaker's limit), then paused.
    for (let round = 1; round <= 6; round++) {
      const events = await revoke(stage, bob, group, HTTPS_WORLD);
      alerts.push(...(await stage.deliver(events, `(round ${round})`)).alerts);
    }
    const opened = await authorize(stage, bob, group, tcp(3389));
    return deliverAndCheck(stage, group, opened, ({ outcome, rulesAfter, alerts: last }) => {
      const all = [...alerts, ...last];
      const contested = all.filter((a) => a.attributes.outcome === 'contested');
      return [
        check(
          'the hub reverted RDP',
          outcome === 'remediated' && !rulesAfter.includes('tcp 3389 from 0.0.0.0/0'),
        ),
        check('443 stays as bob left it (paused)', !rulesAfter.includes('tcp 443 from 0.0.0.0/0')),
        check(
          'one contested alert, naming bob',
          contested.length === 1 && names(contested, bob.principalArn),
        ),
        check('RDP alerted critical', last.length === 1 && last[0]?.severity === 'critical'),
      ];
    }).then((story) => ({ ...story, alerts: [...alerts, ...story.alerts] }));
  },
};

/**
 * `person` opts a new prod group into `policy` (the hub sees it and remembers the policy), then
 * removes the opt-in tag; the hub's answer to the removal.
 */
async function optInThenOut(stage: Stage, person: Person, name: string, policy: string) {
  const group = stage.seedGroup({ account: 'prod', region: PRIMARY_REGION, name });
  const optIn = await stage.act(person, group.region, (ec2) =>
    ec2.send(
      new CreateTagsCommand({ Resources: [group.groupId], Tags: [{ Key: TAG_POLICY, Value: policy }] }),
    ),
  );
  await stage.deliver(optIn);
  const out = await stage.act(person, group.region, (ec2) =>
    ec2.send(new DeleteTagsCommand({ Resources: [group.groupId], Tags: [{ Key: TAG_POLICY }] })),
  );
  return { group, told: await stage.deliver(out) };
}

const optOut: Story = {
  id: 'opt-out',
  title: 'Someone takes an opted-in group out of its policy, then opens SSH',
  expected: 'both alerted (high, then critical); nothing enforced once out',
  async run(stage) {
    const { alice } = stage.org.people;
    const { group, told } = await optInThenOut(stage, alice, 'orders-db', 'no-public-admin-ports');
    const opened = await authorize(stage, alice, group, SSH_WORLD);
    return deliverAndCheck(stage, group, opened, ({ rulesAfter, alerts }) => [
      check(
        'the opt-out alerted high, naming alice',
        told.alerts.length === 1 &&
          told.alerts[0]?.severity === 'high' &&
          names(told.alerts, alice.principalArn),
      ),
      check(
        'SSH on the opted-out group alerted critical',
        alerts.length === 1 && alerts[0]?.severity === 'critical',
      ),
      check('nothing enforced: tcp 22 is still there', rulesAfter.includes('tcp 22 from 0.0.0.0/0')),
    ]).then((story) => ({ ...story, alerts: [...told.alerts, ...story.alerts] }));
  },
};

const stickyOptIn: Story = {
  id: 'sticky-opt-in',
  title: 'Someone removes the opt-in tag of a group under a sticky policy, then opens SSH',
  expected: 'the tag put back (high), SSH reverted (critical)',
  async run(stage) {
    const { alice } = stage.org.people;
    const { group, told } = await optInThenOut(stage, alice, 'card-vault', 'cardholder-data');
    const opened = await authorize(stage, alice, group, SSH_WORLD);
    return deliverAndCheck(stage, group, opened, ({ rulesAfter, alerts }) => [
      check(
        'the opt-out undone and alerted high, naming alice',
        told.alerts.length === 1 &&
          told.alerts[0]?.severity === 'high' &&
          told.alerts[0]?.attributes.outcome === 'opt-in-restored' &&
          names(told.alerts, alice.principalArn),
      ),
      check('the group carries its opt-in tag again', stage.tagsOf(group)[TAG_POLICY] === 'cardholder-data'),
      check('SSH reverted, alerted critical', alerts.length === 1 && alerts[0]?.severity === 'critical'),
      check('tcp 22 is gone', !rulesAfter.includes('tcp 22 from 0.0.0.0/0')),
    ]).then((story) => ({ ...story, alerts: [...told.alerts, ...story.alerts] }));
  },
};

const forwardingCut: Story = {
  id: 'forwarding-cut',
  title: "Someone disables Guardrail's forwarding rule in their account",
  expected: 'the watchdog forwards it (critical tamper); the health check finds it (critical)',
  async run(stage) {
    const { alice } = stage.org.people;
    const { sb } = stage.org;
    const events = sb.attach(
      new EventBridgeClient(sb.clientConfig({ principalArn: alice.principalArn, region: PRIMARY_REGION })),
    );
    try {
      const disabled = await stage.act(alice, PRIMARY_REGION, () =>
        events.send(new DisableRuleCommand({ Name: GUARDRAIL_NAMES.forwardingRule })),
      );
      const told = await stage.deliver(disabled, '(forwarded by the watchdog rule)');
      const checked = await stage.checkForwarding('prod', PRIMARY_REGION);
      const alerts = [...told.alerts, ...checked.alerts];
      return {
        outcome: alerts.map((a) => `${a.attributes.outcome} ${a.severity}`).join(', '),
        rulesAfter: [],
        alerts,
        checks: [
          check(
            'the disabling alerted at once, critical, naming alice',
            told.alerts.length === 1 &&
              told.alerts[0]?.attributes.outcome === 'tamper' &&
              told.alerts[0]?.severity === 'critical' &&
              names(told.alerts, alice.principalArn),
          ),
          check(
            'the health check finds the rule disabled, critical',
            checked.alerts.length === 1 &&
              checked.alerts[0]?.attributes.outcome === 'forwarding-broken' &&
              checked.alerts[0]?.body.includes('rule-disabled') === true,
          ),
        ],
      };
    } finally {
      await events.send(new EnableRuleCommand({ Name: GUARDRAIL_NAMES.forwardingRule }));
      sb.takeEvents();
      events.destroy();
    }
  },
};

const prefixListWidened: Story = {
  id: 'prefix-list-widened',
  title: 'SSH allowed from an office prefix list, then the list is widened to the world',
  expected: 'accepted at first; reverted once the list holds 0.0.0.0/0, critical',
  async run(stage) {
    const { alice } = stage.org.people;
    const group = stage.seedGroup({
      account: 'prod',
      region: SECONDARY_REGION,
      name: 'jump-host',
      tags: { [TAG_POLICY]: 'no-public-admin-ports' },
    });
    const list = stage.org.sb.ec2.seedPrefixList({
      region: group.region,
      owner: ACCOUNTS.prod.id,
      name: 'office-ranges',
      entries: ['10.20.0.0/16'],
    });
    stage.note('note', 'setup', `prefix list ${list} (office-ranges) in prod/${group.region}: 10.20.0.0/16`);
    const fromOffice = await authorize(stage, alice, group, {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      PrefixListIds: [{ PrefixListId: list }],
    });
    const accepted = await stage.deliver(fromOffice);
    const widened = await stage.act(alice, group.region, (ec2) =>
      ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: list,
          CurrentVersion: 1,
          AddEntries: [{ Cidr: '0.0.0.0/0' }],
        }),
      ),
    );
    return deliverAndCheck(stage, group, widened, ({ outcome, rulesAfter, alerts }) => [
      check('from the office range: accepted, no alert', accepted.alerts.length === 0),
      check('the hub re-judged the group when the list changed', outcome === 'remediated'),
      check(`tcp 22 from ${list} is gone`, !rulesAfter.includes(`tcp 22 from ${list}`)),
      check(
        'one alert, critical, naming the list',
        alerts.length === 1 && alerts[0]?.severity === 'critical' && names(alerts, list),
      ),
    ]);
  },
};

const ownEventsComeBack: Story = {
  id: 'loop-guard',
  title: "The hub's own changes come back as events",
  expected: 'its reverts skipped by the loop guard; its restores re-checked, found compliant, no alert',
  async run(stage) {
    const own = stage.ownEvents.splice(0);
    stage.note('note', 'setup', `the hub's reverts and restores emitted ${own.length} CloudTrail events`);
    const { report, alerts } = await stage.deliver(own);
    // A revert that failed comes back too, skipped first for carrying an errorCode.
    const skipped = report.skipped.filter((s) => s.reason === 'own-role' || s.reason === 'failed-call');
    // Only a revoke is skipped as the hub's own: anything else made with its identity is re-checked,
    // so that a borrowed remediation role cannot open a group unseen.
    const rechecked = report.groups;
    return {
      outcome: `${skipped.length} of ${own.length} skipped, ${rechecked.length} groups re-checked`,
      rulesAfter: [],
      alerts,
      checks: [
        check('there were events to come back', own.length > 0),
        check(
          "every revert skipped as the hub's own",
          skipped.length > 0 && skipped.length + countReconciledEvents(report) === own.length,
        ),
        check(
          'every restore re-checked and found as its policy wants',
          rechecked.every((g) => g.outcome === 'compliant'),
        ),
        check('no alert', alerts.length === 0),
      ],
    };
  },
};

/** How many of the delivered events a reconciled group carried. */
/** A payments group opted into the lock policy by alice: the hub captures its baseline. */
async function lockedPaymentsGroup(stage: Stage, name: string) {
  const { alice } = stage.org.people;
  const group = stage.seedGroup({
    account: 'prod',
    region: PRIMARY_REGION,
    name,
    ingress: [
      { ...tcp(5432, '10.20.0.0/16'), IpRanges: [{ CidrIp: '10.20.0.0/16', Description: 'payments app' }] },
    ],
  });
  const optIn = await stage.act(alice, group.region, (ec2) =>
    ec2.send(
      new CreateTagsCommand({
        Resources: [group.groupId],
        Tags: [{ Key: TAG_POLICY, Value: 'payments-locked' }],
      }),
    ),
  );
  const captured = await stage.deliver(optIn);
  return { group, captured };
}

const lockedRuleRemoved: Story = {
  id: 'locked-rule-removed',
  title: 'Someone removes a rule by hand from a group under a lock policy',
  expected: 'the baseline captured at opt-in (info); the rule put back as approved (alerted)',
  async run(stage) {
    const { alice } = stage.org.people;
    const { group, captured } = await lockedPaymentsGroup(stage, 'payments-db');
    const removed = await revoke(stage, alice, group, tcp(5432, '10.20.0.0/16'));
    return deliverAndCheck(stage, group, removed, ({ outcome, rulesAfter, alerts }) => [
      check(
        'the opt-in captured a baseline, told as info',
        captured.alerts.length === 1 && captured.alerts[0]?.severity === 'info',
      ),
      check('the hub remediated the group', outcome === 'remediated'),
      check('tcp 5432 from 10.20.0.0/16 is back', rulesAfter.includes('tcp 5432 from 10.20.0.0/16')),
      check('one alert, naming alice', alerts.length === 1 && names(alerts, alice.principalArn)),
    ]).then((story) => ({ ...story, alerts: [...captured.alerts, ...story.alerts] }));
  },
};

const lockedPipelineChange: Story = {
  id: 'locked-pipeline-change',
  title: 'The deployment pipeline adds a rule to a locked group, then someone adds another by hand',
  expected: "the pipeline's rule accepted as baseline version 2 (info); the hand-made one reverted",
  async run(stage) {
    const { alice, pipeline } = stage.org.people;
    const { group, captured } = await lockedPaymentsGroup(stage, 'payments-api');
    const deployed = await authorize(stage, pipeline, group, tcp(8443, '10.20.0.0/16'));
    const accepted = await stage.deliver(deployed);
    const byHand = await authorize(stage, alice, group, tcp(9000, '10.30.0.0/16'));
    return deliverAndCheck(stage, group, byHand, ({ rulesAfter, alerts }) => [
      check(
        "the pipeline's change became the baseline, told as info",
        accepted.alerts.length === 1 &&
          accepted.alerts[0]?.severity === 'info' &&
          names(accepted.alerts, 'ci-deployer'),
      ),
      check("the pipeline's tcp 8443 stays", rulesAfter.includes('tcp 8443 from 10.20.0.0/16')),
      check("alice's tcp 9000 is gone", !rulesAfter.includes('tcp 9000 from 10.30.0.0/16')),
      check('the revert alerted, naming alice', alerts.length === 1 && names(alerts, alice.principalArn)),
    ]).then((story) => ({ ...story, alerts: [...captured.alerts, ...accepted.alerts, ...story.alerts] }));
  },
};

function countReconciledEvents(report: { groups: { result: { unit: { changes: unknown[] } } }[] }): number {
  return report.groups.reduce((n, g) => n + g.result.unit.changes.length, 0);
}

export const STORIES: readonly Story[] = [
  sshToTheWorld,
  requiredRuleRevoked,
  untaggedGroup,
  auditMode,
  accountWithoutRole,
  deliveredTwice,
  breakerThenRdp,
  optOut,
  stickyOptIn,
  forwardingCut,
  prefixListWidened,
  ownEventsComeBack,
  lockedRuleRemoved,
  lockedPipelineChange,
];
