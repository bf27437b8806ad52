/**
 * The forwarding health check (issue: the guard notices when it is blinded). For one enrolled
 * account x region: Guardrail's member rules exist, are ENABLED, carry exactly the expected
 * pattern and the one hub-bus target with the forwarder role and dead-letter queue, and that queue
 * is empty. Read through the remediation role; judged by core. A change of verdict is an alert:
 * broken (critical; high when it could only not be verified), then resolved once (info). While a
 * verdict stays the same nothing is repeated. The verdict is remembered per account x region.
 */
import {
  assessForwarding,
  expectedForwarding,
  type ForwardingProblem,
  forwardingIncident,
  type Incident,
  type MemberRuleNames,
  type ObservedForwarding,
} from '@guardrail/core';

/** Reads one account x region's member rules and queue (ForwardingReader from @guardrail/aws). */
export interface ForwardingReadPort {
  read(ruleNames: readonly string[], queueName: string): Promise<ObservedForwarding>;
}
export type ForwardingSource = (account: string, region: string) => ForwardingReadPort;

/** The last verdict per account x region: the problems found, none when healthy. */
export interface ForwardingVerdictStore {
  recall(account: string, region: string): Promise<ForwardingProblem[] | undefined>;
  remember(account: string, region: string, problems: ForwardingProblem[], now: Date): Promise<void>;
}

export class InMemoryForwardingVerdicts implements ForwardingVerdictStore {
  private readonly verdicts = new Map<string, ForwardingProblem[]>();
  async recall(account: string, region: string): Promise<ForwardingProblem[] | undefined> {
    return this.verdicts.get(`${account}/${region}`);
  }
  async remember(account: string, region: string, problems: ForwardingProblem[]): Promise<void> {
    this.verdicts.set(`${account}/${region}`, problems);
  }
}

export interface ForwardingHealthOptions {
  source: ForwardingSource;
  names: MemberRuleNames;
  hubBusArn: string;
  partition: string;
  forwardingDeadLetterQueue: string;
  verdicts?: ForwardingVerdictStore;
}

/** What one check found, and the alert it owes (when the verdict changed) with how to settle it. */
export interface ForwardingCheck {
  problems: ForwardingProblem[];
  incident?: Incident;
  /** Records the verdict: called once the alert is out (so a failed publish is told again). */
  settle: () => Promise<void>;
}

const sameVerdict = (a: readonly ForwardingProblem[], b: readonly ForwardingProblem[]) =>
  JSON.stringify(a) === JSON.stringify(b);

export class ForwardingHealth {
  private readonly verdicts: ForwardingVerdictStore;
  constructor(private readonly options: ForwardingHealthOptions) {
    this.verdicts = options.verdicts ?? new InMemoryForwardingVerdicts();
  }

  async check(
    target: { account: string; region: string; accountName?: string },
    now: Date,
  ): Promise<ForwardingCheck> {
    const { account, region } = target;
    const { names, hubBusArn, partition, forwardingDeadLetterQueue } = this.options;
    const expected = expectedForwarding({
      names,
      account,
      region,
      partition,
      hubBusArn,
      forwardingDeadLetterQueue,
    });
    const [observed, before] = await Promise.all([
      this.options.source(account, region).read(
        expected.rules.map((rule) => rule.name),
        expected.queue.name,
      ),
      this.verdicts.recall(account, region).catch(() => undefined),
    ]);
    const problems = assessForwarding(expected, observed);
    const settle = () => this.verdicts.remember(account, region, problems, now).catch(() => undefined);
    const where = {
      account,
      ...(target.accountName === undefined ? {} : { accountName: target.accountName }),
      region,
      checkedAt: now.toISOString(),
    };
    if (problems.length > 0 && !sameVerdict(problems, before ?? []))
      return { problems, incident: forwardingIncident({ ...where, status: 'broken', problems }), settle };
    if (problems.length === 0 && before !== undefined && before.length > 0)
      return {
        problems,
        incident: forwardingIncident({ ...where, status: 'resolved', problems: before }),
        settle,
      };
    return { problems, settle };
  }
}
