import { CircuitBreaker, createHub, InMemoryDedupeStore, METRICS, RetryableBatchError } from '../src';
import { ACCOUNT, body, change, REGION, rule, World } from './support/fakes';

const POLICY = { 'guardrail:policy': 'no-ssh' };

function sshOpened(world: World, groupId = 'sg-1', account = ACCOUNT, region = REGION) {
  const added = world.region(account, region).add(groupId, rule(22, '0.0.0.0/0'));
  return change({ groupIds: [groupId], account, region, rulesAdded: [added] });
}

describe('createHub: the happy path', () => {
  it('reverts a violating rule, keeps the others, and publishes one alert', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(443, '0.0.0.0/0', 'sgr-keep')]);
    const c = sshOpened(world);
    const hub = createHub(world.deps());

    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);

    expect(report.batchItemFailures).toEqual([]);
    expect(
      world
        .region()
        .groups.get('sg-1')
        ?.rules.map((r) => r.ruleId),
    ).toEqual(['sgr-keep']);
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-1']);
    expect(report.groups).toMatchObject([{ groupId: 'sg-1', outcome: 'remediated', eventIds: [c.eventId] }]);
    expect(report.alerts).toMatchObject([{ kind: 'remediation', messageId: 'm-1', groupId: 'sg-1' }]);
    expect(world.metrics.sum(METRICS.remediations, { outcome: 'succeeded' })).toBe(1);
    // eventTime 00:00:00, revert completed at the clock's 00:00:05.
    expect(world.metrics.points.filter((p) => p.name === METRICS.exposureWindow).map((p) => p.value)).toEqual(
      [5000],
    );
    expect(world.metrics.sum(METRICS.hubLatency)).toBeGreaterThanOrEqual(0);
    expect(world.metrics.points.filter((p) => p.name === METRICS.hubLatency)).toHaveLength(1);
    expect(world.logger.find('group reconciled')[0]?.attributes).toMatchObject({
      outcome: 'remediated',
      groupId: 'sg-1',
    });
  });

  it('coalesces every change of a batch to one group into one read and one alert', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const first = sshOpened(world);
    const second = sshOpened(world);
    const hub = createHub(world.deps());

    const report = await hub.processBatch([
      { id: 'r1', body: body(first) },
      { id: 'r2', body: body(second) },
    ]);

    expect(world.region().reads).toEqual(['sg-1']);
    expect(world.region().mutations).toEqual([
      { op: 'revoke', groupId: 'sg-1', direction: 'ingress', count: 2 },
    ]);
    expect(world.published).toHaveLength(1);
    expect(report.groups[0]?.eventIds).toEqual([first.eventId, second.eventId]);
  });

  it('restores a missing required rule (authorize) after revoking', async () => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'needs-https' }, [rule(22, '0.0.0.0/0', 'sgr-ssh')]);
    const hub = createHub(world.deps());

    await hub.processBatch([{ id: 'r1', body: body(change({ kind: 'revoke' })) }]);

    expect(world.region().mutations.map((m) => m.op)).toEqual(['revoke', 'authorize']);
    expect(
      world
        .region()
        .groups.get('sg-1')
        ?.rules.map((r) => r.fromPort),
    ).toEqual([443]);
  });

  it('leaves an untagged group alone and says nothing', async () => {
    const world = new World();
    world.region().seed('sg-1', {}, []);
    const c = sshOpened(world);
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.groups[0]?.outcome).toBe('unmanaged');
    expect(world.region().mutations).toEqual([]);
    expect(world.published).toEqual([]);
  });

  it('only reports an audit-mode group', async () => {
    const world = new World();
    world.region().seed('sg-1', { ...POLICY, 'guardrail:mode': 'audit' }, []);
    const c = sshOpened(world);
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.groups[0]?.outcome).toBe('audit');
    expect(world.region().mutations).toEqual([]);
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-1']);
    expect(world.metrics.sum(METRICS.remediations, { outcome: 'audit-only' })).toBe(1);
  });

  it('alerts a misconfigured group and never changes it', async () => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'unknown' }, []);
    const c = sshOpened(world);
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.groups[0]).toMatchObject({ outcome: 'misconfigured', reason: 'unknown policy "unknown"' });
    expect(world.region().mutations).toEqual([]);
    expect(world.published.map((a) => a.subject)).toEqual(['misconfigured sg-1']);
  });

  it('alerts tampering with the forwarding rule', async () => {
    const world = new World();
    const c = change.tamper({
      eventName: 'DisableRule',
      target: { type: 'rule', name: 'guardrail-forward-sg-events' },
    });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(world.published.map((a) => a.subject)).toEqual([`tamper ${ACCOUNT}`]);
    expect(report.alerts[0]?.kind).toBe('tamper');
    expect(world.logger.find('a change to a guardrail member rule or role')).toHaveLength(1);
  });

  it('dead-letters a change that names no group instead of taking it for tampering', async () => {
    const world = new World();
    const c = change.tag({ groupIds: [] });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(world.published).toEqual([]);
    expect(report.alerts).toEqual([]);
    expect(report.deadLettered).toEqual([
      { recordId: 'r1', code: 'no-security-group', reason: expect.stringContaining(c.eventId) },
    ]);
    expect(world.deadLetters.map((d) => JSON.parse(d.body))).toEqual([{ change: c }]);
    expect(report.batchItemFailures).toEqual([]);
  });

  it('reconciles every group a tag call names', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    world.region().seed('sg-2', POLICY, [rule(22, '0.0.0.0/0', 'sgr-b')]);
    const c = change.tag({ groupIds: ['sg-1', 'sg-2'], tagsSet: POLICY });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated', 'remediated']);
    expect(world.published).toHaveLength(2);
  });
});

describe('createHub: the loop guard', () => {
  it("re-checks what is made with the guardrail's identity but is no revoke: a borrowed role opening SSH is reverted", async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    const report = await createHub(world.deps()).processBatch([
      { id: 'r1', body: body(change({ byGuardrail: true, rulesAdded: [rule(22, '0.0.0.0/0', 'sgr-a')] })) },
    ]);
    expect(report.skipped).toEqual([]);
    expect(report.groups.map((g) => g.outcome)).toEqual(['remediated']);
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
  });

  it('judges such a call for what it did only: what was wrong before is left to the sweep', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    const report = await createHub(world.deps()).processBatch([
      { id: 'r1', body: body(change({ byGuardrail: true })) },
    ]);
    expect(report.groups.map((g) => g.outcome)).toEqual(['compliant']);
    expect(world.published).toEqual([]);
    // The same group, the same call by someone else: the drift is enforced.
    const other = await createHub(world.deps()).processBatch([{ id: 'r2', body: body(change()) }]);
    expect(other.groups.map((g) => g.outcome)).toEqual(['remediated']);
  });
});

describe('createHub: skipped events', () => {
  it.each([
    ['own-role', { byGuardrail: true, kind: 'revoke', eventName: 'RevokeSecurityGroupIngress' }],
    ['failed-call', { error: { code: 'InvalidPermission.Duplicate' } }],
  ] as const)('logs, counts and skips %s events', async (reason, overrides) => {
    const world = new World();
    world.region().seed('sg-1', POLICY, [rule(22, '0.0.0.0/0', 'sgr-a')]);
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(change(overrides)) }]);
    expect(report.skipped).toMatchObject([{ recordId: 'r1', reason }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(world.region().reads).toEqual([]);
    expect(world.metrics.sum(METRICS.eventsSkipped, { reason })).toBe(1);
    expect(world.logger.find('event skipped')[0]?.attributes).toMatchObject({ reason, recordId: 'r1' });
  });

  it('skips events the parser ignores', async () => {
    const world = new World();
    const report = await createHub(world.deps()).processBatch([
      { id: 'r1', body: JSON.stringify({ ignored: 'not ours' }) },
    ]);
    expect(report.skipped).toEqual([
      { recordId: 'r1', reason: 'ignored', eventId: undefined, detail: 'not ours' },
    ]);
  });
});

describe('createHub: duplicates', () => {
  it('publishes no second alert for a redelivered event', async () => {
    const world = new World();
    world.region().seed('sg-1', { ...POLICY, 'guardrail:mode': 'audit' }, []);
    const c = sshOpened(world);
    const hub = createHub(world.deps());
    await hub.processBatch([{ id: 'r1', body: body(c) }]);
    const again = await hub.processBatch([{ id: 'r1-again', body: body(c) }]);
    expect(world.published).toHaveLength(1);
    expect(again.skipped).toMatchObject([{ reason: 'duplicate', eventId: c.eventId }]);
    expect(world.region().reads).toHaveLength(1);
  });

  it('counts the same event twice in one batch once, and both records share its fate', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = sshOpened(world);
    world
      .region()
      .scripted.read.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });
    const report = await createHub(world.deps()).processBatch([
      { id: 'r1', body: body(c) },
      { id: 'r2', body: body(c) },
    ]);
    expect(report.skipped).toMatchObject([{ recordId: 'r2', reason: 'duplicate' }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }, { itemIdentifier: 'r2' }]);
  });

  it('uses a shared dedupe store when given one', async () => {
    const world = new World();
    world.region().seed('sg-1', { ...POLICY, 'guardrail:mode': 'audit' }, []);
    const dedupe = new InMemoryDedupeStore();
    const c = sshOpened(world);
    await createHub({ ...world.deps(), dedupe }).processBatch([{ id: 'r1', body: body(c) }]);
    // A second hub (another Lambda instance) sharing the store.
    await createHub({ ...world.deps(), dedupe }).processBatch([{ id: 'r1', body: body(c) }]);
    expect(world.published).toHaveLength(1);
  });
});

describe('createHub: poison records', () => {
  it('dead-letters a malformed record with its reason and acknowledges it; the good ones proceed', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = sshOpened(world);
    const report = await createHub(world.deps()).processBatch([
      { id: 'good', body: body(c) },
      { id: 'bad-json', body: '{not json' },
      { id: 'bad-event', body: JSON.stringify({ invalid: 'detail.eventName missing' }) },
      { id: 'bad-parser', body: JSON.stringify({ explode: true }) },
    ]);
    expect(report.batchItemFailures).toEqual([]);
    expect(world.deadLetters.map((d) => [d.recordId, d.code])).toEqual([
      ['bad-json', 'malformed-json'],
      ['bad-event', 'invalid-event'],
      ['bad-parser', 'invalid-event'],
    ]);
    expect(world.deadLetters[0]?.body).toBe('{not json');
    expect(world.deadLetters[1]?.reason).toBe('detail.eventName missing');
    expect(world.deadLetters[2]?.reason).toContain('boom');
    expect(world.published).toHaveLength(1);
    expect(world.metrics.sum(METRICS.eventsSkipped, { reason: 'poison' })).toBe(3);
    expect(world.logger.find('unprocessable record sent to the dead-letter queue')).toHaveLength(3);
  });

  it('fails only the poison record when there is no dead-letter sink, or it is down', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const { deadLetters: _unused, ...withoutSink } = world.deps();
    const noSink = await createHub(withoutSink).processBatch([
      { id: 'good', body: body(sshOpened(world)) },
      { id: 'bad', body: 'nope' },
    ]);
    expect(noSink.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);

    world.deadLetterFailures = 1;
    const sinkDown = await createHub(world.deps()).processBatch([{ id: 'bad', body: 'nope' }]);
    expect(sinkDown.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(
      world.logger.find('could not dead-letter an unprocessable record: failing it instead'),
    ).toHaveLength(1);
  });

  it('takes a direct invocation object as the event itself', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = sshOpened(world);
    const report = await createHub(world.deps()).processEvent({ id: 'eb-1', change: c });
    expect(report.groups[0]?.outcome).toBe('remediated');
  });
});

describe('createHub: failures', () => {
  it('fails only the records of a group whose read is retryable', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.region().seed('sg-2', POLICY, []);
    const one = sshOpened(world, 'sg-1');
    const two = sshOpened(world, 'sg-2');
    world
      .region()
      .scripted.read.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });
    const hub = createHub(world.deps());
    const report = await hub.processBatch([
      { id: 'r1', body: body(one) },
      { id: 'r2', body: body(two) },
    ]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-2']);
    expect(world.logger.find('group reconcile failed: will retry')[0]?.attributes).toMatchObject({
      groupId: 'sg-1',
      code: 'RequestLimitExceeded',
    });

    // The retry is not mistaken for a duplicate.
    const retry = await hub.processBatch([{ id: 'r1', body: body(one) }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(world.published.map((a) => a.subject)).toEqual(['remediation sg-2', 'remediation sg-1']);
  });

  it('retries a remediation whose mutation is retryable, without alerting yet', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const c = sshOpened(world);
    world
      .region()
      .scripted.revoke.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });
    const hub = createHub(world.deps());
    const first = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(world.published).toEqual([]);
    await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(world.published).toHaveLength(1);
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
  });

  it('treats a thrown error (e.g. the org lookup failing) as retryable', async () => {
    const world = new World();
    const deps = world.deps();
    const report = await createHub({
      ...deps,
      accounts: {
        lookup: async () => {
          throw new Error('organizations throttled');
        },
      },
    }).processBatch([{ id: 'r1', body: body(change()) }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(report.groups[0]?.reason).toContain('organizations throttled');
  });

  it('keeps an alert SNS refused in the dead-letter queue and acknowledges the records (the fix is done)', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.publishFailures = 1;
    const c = sshOpened(world);
    const hub = createHub(world.deps());
    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
    expect(report.deadLettered).toEqual([
      { recordId: 'r1', code: 'alert-publish-failed', reason: expect.stringContaining('sns throttled') },
    ]);
    expect(world.deadLetters).toHaveLength(1);
    const kept = JSON.parse(world.deadLetters[0]?.body ?? '');
    expect(kept).toMatchObject({ guardrail: 'alert', alert: { subject: 'remediation sg-1' } });
    expect(world.metrics.sum(METRICS.alertPublishFailures, { fate: 'dead-lettered' })).toBe(1);
    // Handled: a redelivery of the event says nothing more.
    const again = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(again.skipped).toMatchObject([{ reason: 'duplicate' }]);

    // `guardrail dlq replay --to <event queue>`: the hub publishes the kept alert as composed.
    const replay = await hub.processBatch([{ id: 'd1', body: world.deadLetters[0]?.body }]);
    expect(replay.batchItemFailures).toEqual([]);
    expect(replay.groups).toEqual([]);
    expect(replay.alerts).toMatchObject([{ kind: 'remediation', subject: 'remediation sg-1' }]);
    expect(world.published).toEqual([kept.alert]);
  });

  it('keeps a replayed alert that SNS refuses again, and dead-letters a kept alert that is not whole', async () => {
    const world = new World();
    const hub = createHub(world.deps());
    const alert = {
      subject: 'remediation sg-1',
      text: 'reverted tcp 22 from 0.0.0.0/0',
      severity: 'critical',
      attributes: { severity: 'critical' },
      document: { schemaVersion: 1, kind: 'remediation', account: { id: ACCOUNT }, region: REGION },
    };
    world.publishFailures = 1;
    const report = await hub.processBatch([
      { id: 'd1', body: JSON.stringify({ guardrail: 'alert', alert }) },
      { id: 'd2', body: JSON.stringify({ guardrail: 'alert', alert: { ...alert, severity: 'loud' } }) },
    ]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.deadLettered).toEqual(
      expect.arrayContaining([
        { recordId: 'd1', code: 'alert-publish-failed', reason: expect.any(String) },
        { recordId: 'd2', code: 'invalid-alert-record', reason: expect.stringContaining('severity') },
      ]),
    );
    expect(world.deadLetters.map((d) => JSON.parse(d.body))).toEqual(
      expect.arrayContaining([{ guardrail: 'alert', alert }]),
    );
    expect(world.published).toEqual([]);
  });

  it('without a dead-letter queue, fails the record when the alert cannot be published, logging the alert in full', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.publishFailures = 1;
    const c = sshOpened(world);
    const { deadLetters: _none, ...deps } = world.deps();
    const hub = createHub(deps);
    const report = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    const logged = world.logger.find('alert publish failed: the records will be retried')[0];
    expect(logged?.level).toBe('ERROR');
    expect(logged?.attributes).toMatchObject({
      subject: 'remediation sg-1',
      text: 'remediation in sg-1',
      alert: { subject: 'remediation sg-1', document: { kind: 'remediation' } },
    });
    // Not remembered as handled: the redelivery is processed.
    const retry = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(retry.skipped).toEqual([]);
  });

  it('fails the record when neither SNS nor the dead-letter queue takes the alert', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.publishFailures = 1;
    world.deadLetterFailures = 1;
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(report.deadLettered).toEqual([]);
    expect(world.logger.find('alert publish failed: the records will be retried')).toHaveLength(1);
    expect(world.metrics.sum(METRICS.alertPublishFailures, { fate: 'retried' })).toBe(1);
  });

  it('alerts what was done when a later action must be retried, and still retries the record', async () => {
    const world = new World();
    world.region().seed('sg-1', { 'guardrail:policy': 'needs-https' }, []);
    const c = sshOpened(world);
    world
      .region()
      .scripted.authorize.push({ status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' });
    const hub = createHub(world.deps());

    const first = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }]);
    expect(first.groups[0]?.outcome).toBe('retry');
    // The revert happened: it is alerted now, the authorize marked as failed and retried.
    expect(first.alerts).toHaveLength(1);
    const incident = first.groups[0]?.result.incident;
    expect(
      incident?.kind === 'remediation' && incident.outcomes.map((o) => [o.action.type, o.status]),
    ).toEqual([
      ['revoke', 'succeeded'],
      ['authorize', 'failed'],
    ]);
    expect(incident?.kind === 'remediation' && incident.outcomes[1]?.error).toContain('will be retried');

    // The retry finds the revert done and restores the rest.
    const retry = await hub.processBatch([{ id: 'r1', body: body(c) }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(retry.groups[0]?.outcome).toBe('remediated');
    expect(world.published).toHaveLength(2);
    expect(
      world
        .region()
        .groups.get('sg-1')
        ?.rules.map((r) => r.fromPort),
    ).toEqual([443]);
  });

  it('counts as reverted (and measures the exposure of) only the rules it removed itself', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const first = world.region().add('sg-1', rule(22, '0.0.0.0/0'));
    const second = world.region().add('sg-1', { ...rule(22, '0.0.0.0/0'), fromPort: 20 });
    const c = change({ rulesAdded: [first, second] });
    // Someone else removed the first rule between the read and the revoke.
    world
      .region()
      .scripted.revoke.push([
        { status: 'already-applied', code: 'InvalidSecurityGroupRuleId.NotFound' },
        { status: 'applied' },
      ]);
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(c) }]);
    expect(report.groups[0]?.result.outcomes?.map((o) => o.status)).toEqual(['already-applied', 'succeeded']);
    expect(world.metrics.sum(METRICS.remediations, { outcome: 'succeeded' })).toBe(1);
    expect(world.metrics.sum(METRICS.remediations, { outcome: 'already-applied' })).toBe(1);
    expect(world.metrics.points.filter((p) => p.name === METRICS.exposureWindow)).toHaveLength(1);
    expect(world.region().mutations).toHaveLength(1);
  });

  it('alerts once per account and region for an account outside the organization, and does not retry', async () => {
    const world = new World();
    const stranger = '222222222222';
    const a = change({ account: stranger, groupIds: ['sg-1'] });
    const b = change({ account: stranger, groupIds: ['sg-2'] });
    const report = await createHub(world.deps()).processBatch([
      { id: 'r1', body: body(a) },
      { id: 'r2', body: body(b) },
    ]);
    expect(report.batchItemFailures).toEqual([]);
    expect(world.lookups).toBe(1);
    expect(world.region(stranger).reads).toEqual([]);
    expect(world.published.map((p) => p.subject)).toEqual([`account-error ${stranger}`]);
    expect(report.groups.map((g) => g.outcome)).toEqual(['account-error', 'account-error']);
    expect(report.groups[0]?.reason).toContain('not a member of the organization');
  });

  it('reports a suspended account as not active', async () => {
    const world = new World();
    world.accounts.set(ACCOUNT, { status: 'inactive', id: ACCOUNT, name: 'old', state: 'SUSPENDED' });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(change()) }]);
    expect(report.groups[0]).toMatchObject({ outcome: 'account-error' });
    expect(report.groups[0]?.reason).toContain('SUSPENDED');
  });

  it('alerts naming the account when the remediation role is missing or denied', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.region().scripted.read.push({
      status: 'access-denied',
      code: 'AccessDenied',
      message: 'not authorized to assume',
    });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.groups[0]).toMatchObject({ outcome: 'account-error' });
    expect(report.groups[0]?.reason).toContain(ACCOUNT);
    expect(report.groups[0]?.reason).toContain('AccessDenied');
    expect(world.published.map((p) => p.subject)).toEqual([`account-error ${ACCOUNT}`]);
  });

  it('reports a group deleted before the read, without alerting', async () => {
    const world = new World();
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(change()) }]);
    expect(report.groups[0]).toMatchObject({ outcome: 'group-deleted' });
    expect(report.batchItemFailures).toEqual([]);
    expect(world.published).toEqual([]);
  });

  it('reports and alerts a group deleted between the read and the revert', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.region().scripted.revoke.push({ status: 'group-not-found' });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(report.groups[0]).toMatchObject({ outcome: 'group-deleted' });
    expect(world.published.map((p) => p.subject)).toEqual(['group-deleted sg-1']);
  });

  it('reports a permanent mutation failure in the alert, without retrying', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world
      .region()
      .scripted.revoke.push({ status: 'access-denied', code: 'UnauthorizedOperation', message: 'no tag' });
    const report = await createHub(world.deps()).processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.groups[0]?.outcome).toBe('partially-failed');
    expect(report.groups[0]?.result.outcomes?.[0]).toMatchObject({
      status: 'failed',
      error: 'UnauthorizedOperation: no tag',
    });
    expect(world.published).toHaveLength(1);
    expect(world.metrics.sum(METRICS.remediations, { outcome: 'failed' })).toBe(1);
  });

  it('throws RetryableBatchError from a direct invocation that must be retried', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    world.region().scripted.read.push({ status: 'failed', code: 'Weird', message: 'unknown' });
    await expect(createHub(world.deps()).processEvent({ change: change() })).rejects.toBeInstanceOf(
      RetryableBatchError,
    );
  });
});

describe('createHub: the circuit breaker', () => {
  it('stops fighting over a group after N remediations in M minutes and alerts "contested" once', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const hub = createHub({ ...world.deps(), breaker: { maxRemediations: 2, windowMinutes: 10 } });
    const fight = () => hub.processBatch([{ id: 'r', body: body(sshOpened(world)) }]);

    expect((await fight()).groups[0]?.outcome).toBe('remediated');
    expect((await fight()).groups[0]?.outcome).toBe('remediated');
    const third = await fight();
    expect(third.groups[0]?.outcome).toBe('contested');
    expect(world.region().groups.get('sg-1')?.rules).toHaveLength(1);
    const fourth = await fight();
    expect(fourth.groups[0]?.outcome).toBe('contested');
    expect(world.published.map((a) => a.subject)).toEqual([
      'remediation sg-1',
      'remediation sg-1',
      'contested sg-1',
    ]);

    // Once the remediations age out of the window, the breaker closes and the hub acts again.
    world.clock = new Date(world.clock.getTime() + 11 * 60_000);
    expect((await fight()).groups[0]?.outcome).toBe('remediated');
    expect(world.region().groups.get('sg-1')?.rules).toEqual([]);
  });
});

describe('createHub: concurrency', () => {
  it('never runs more than the bounds allow, overall and per account', async () => {
    const world = new World();
    let active = 0;
    let peak = 0;
    const perAccount = new Map<string, number>();
    let peakPerAccount = 0;
    const accounts = ['111111111111', '222222222222', '333333333333'];
    for (const account of accounts)
      world.accounts.set(account, { status: 'active', id: account, name: `account ${account}` });
    const deps = world.deps();
    const hub = createHub({
      ...deps,
      concurrency: { max: 3, perAccount: 2 },
      gateways: (account, region) => {
        const inner = world.region(account, region);
        return {
          readGroup: async (groupId: string) => {
            active++;
            perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
            peak = Math.max(peak, active);
            peakPerAccount = Math.max(peakPerAccount, perAccount.get(account) ?? 0);
            await new Promise((resolve) => setImmediate(resolve));
            active--;
            perAccount.set(account, (perAccount.get(account) ?? 0) - 1);
            return inner.readGroup(groupId);
          },
          revoke: inner.revoke.bind(inner),
          authorize: inner.authorize.bind(inner),
          updateDescriptions: inner.updateDescriptions.bind(inner),
          tag: inner.tag.bind(inner),
        };
      },
    });
    const records = accounts.flatMap((account) =>
      [1, 2, 3, 4].map((n) => ({
        id: `${account}-${n}`,
        body: body(change({ account, groupIds: [`sg-${n}`] })),
      })),
    );
    const report = await hub.processBatch(records);
    expect(report.groups).toHaveLength(12);
    expect(peak).toBe(3);
    expect(peakPerAccount).toBe(2);
  });
});

describe('createHub: shared state (dedupe claims, breaker store)', () => {
  const AUDIT = { ...POLICY, 'guardrail:mode': 'audit' };

  it('fails the record, without acting or alerting, while another instance holds the claim', async () => {
    const world = new World();
    world.region().seed('sg-1', AUDIT, []);
    const dedupe = new InMemoryDedupeStore();
    const c = sshOpened(world);
    // Another instance claimed the event and is still working on it.
    expect(await dedupe.claim(`event#${c.eventId}`)).toBe('claimed');

    const report = await createHub({ ...world.deps(), dedupe }).processBatch([
      { id: 'r1', body: body(c) },
      { id: 'r2', body: body(c) },
    ]);

    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r1' }, { itemIdentifier: 'r2' }]);
    expect(report.skipped.map((s) => s.reason)).toEqual(['duplicate', 'in-progress']);
    expect(world.region().reads).toEqual([]);
    expect(world.published).toEqual([]);
    expect(world.metrics.sum(METRICS.eventsSkipped, { reason: 'in-progress' })).toBe(1);

    // The other instance finished: the redelivery is a duplicate.
    await dedupe.complete([`event#${c.eventId}`]);
    const retry = await createHub({ ...world.deps(), dedupe }).processBatch([{ id: 'r1', body: body(c) }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(retry.skipped).toMatchObject([{ reason: 'duplicate', detail: 'already handled' }]);
  });

  it('releases the claims of records that will be retried, and completes the others', async () => {
    const world = new World();
    world.region().seed('sg-1', AUDIT, []);
    world.region().seed('sg-2', AUDIT, []);
    const calls: string[] = [];
    const inner = new InMemoryDedupeStore();
    const dedupe = {
      claim: (key: string) => inner.claim(key),
      complete: async (keys: readonly string[]) => {
        calls.push(`complete ${keys.join(' ')}`);
        await inner.complete(keys);
      },
      release: async (keys: readonly string[]) => {
        calls.push(`release ${keys.join(' ')}`);
        await inner.release(keys);
      },
    };
    const ok = sshOpened(world, 'sg-1');
    const throttled = sshOpened(world, 'sg-2');
    world
      .region()
      .scripted.read.push(
        { status: 'found', group: world.region().groups.get('sg-1')! },
        { status: 'retryable', code: 'RequestLimitExceeded', message: 'slow down' },
      );
    const report = await createHub({
      ...world.deps(),
      dedupe,
      concurrency: { max: 1, perAccount: 1 },
    }).processBatch([
      { id: 'r1', body: body(ok) },
      { id: 'r2', body: body(throttled) },
    ]);
    expect(report.batchItemFailures).toEqual([{ itemIdentifier: 'r2' }]);
    expect(calls.sort()).toEqual([`complete event#${ok.eventId}`, `release event#${throttled.eventId}`]);
    // Released: the queue's retry can claim it at once.
    expect(await inner.claim(`event#${throttled.eventId}`)).toBe('claimed');
  });

  it('processes anyway when the dedupe store fails, and logs and counts it', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const down = async () => {
      throw new Error('dynamodb unavailable');
    };
    const report = await createHub({
      ...world.deps(),
      dedupe: { claim: down, complete: down, release: down },
    }).processBatch([{ id: 'r1', body: body(sshOpened(world)) }]);
    expect(report.batchItemFailures).toEqual([]);
    expect(report.groups[0]?.outcome).toBe('remediated');
    expect(world.published).toHaveLength(1);
    expect(world.metrics.sum(METRICS.stateStoreErrors, { store: 'dedupe', operation: 'claim' })).toBe(1);
    expect(world.metrics.sum(METRICS.stateStoreErrors, { store: 'dedupe', operation: 'complete' })).toBe(1);
    expect(world.logger.lines.filter((l) => l.message.startsWith('state store claim failed'))).toHaveLength(
      1,
    );
  });

  it('keeps remediating when the breaker store fails (fail open), and logs and counts it', async () => {
    const world = new World();
    world.region().seed('sg-1', POLICY, []);
    const down = async (): Promise<never> => {
      throw new Error('dynamodb unavailable');
    };
    const breaker = new CircuitBreaker(
      { maxRemediations: 1, windowMinutes: 10 },
      { read: down, claimAlert: down, record: down },
    );
    const hub = createHub({ ...world.deps(), breaker });
    expect((await hub.processBatch([{ id: 'r1', body: body(sshOpened(world)) }])).groups[0]?.outcome).toBe(
      'remediated',
    );
    expect((await hub.processBatch([{ id: 'r2', body: body(sshOpened(world)) }])).groups[0]?.outcome).toBe(
      'remediated',
    );
    expect(world.metrics.sum(METRICS.stateStoreErrors, { store: 'breaker', operation: 'read' })).toBe(2);
    expect(world.metrics.sum(METRICS.stateStoreErrors, { store: 'breaker', operation: 'record' })).toBe(2);
  });
});
