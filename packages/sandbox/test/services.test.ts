import {
  AccountNotFoundException,
  ChildNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListParentsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  CreateTopicCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SandboxError } from '../src';
import { HUB, MEMBER, OTHER, organization, REGION } from './fixtures';

describe('Organizations', () => {
  function setup() {
    const env = organization();
    const admin = env.sb.iam.createUser('999999999999', 'org-admin');
    const orgs = (arn: string) =>
      env.sb.attach(new OrganizationsClient(env.sb.clientConfig({ principalArn: arn, region: 'us-east-1' })));
    return { ...env, admin, orgs };
  }

  it('describes member accounts for the management account', async () => {
    const { admin, orgs } = setup();
    const { Account } = await orgs(admin).send(new DescribeAccountCommand({ AccountId: MEMBER }));
    expect(Account).toMatchObject({
      Id: MEMBER,
      Name: 'workloads-prod',
      Status: 'ACTIVE',
      Arn: `arn:aws:organizations::999999999999:account/o-exampleorgid/${MEMBER}`,
    });
    const org = await orgs(admin).send(new DescribeOrganizationCommand({}));
    expect(org.Organization).toMatchObject({ Id: 'o-exampleorgid', MasterAccountId: '999999999999' });
  });

  it('answers AccountNotFoundException for an account outside the organization', async () => {
    const { admin, orgs } = setup();
    const error = await orgs(admin)
      .send(new DescribeAccountCommand({ AccountId: OTHER }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountNotFoundException);
  });

  it('reports suspended accounts', async () => {
    const { sb, admin, orgs } = setup();
    sb.organization.setStatus(MEMBER, 'SUSPENDED');
    const { Account } = await orgs(admin).send(new DescribeAccountCommand({ AccountId: MEMBER }));
    expect(Account?.Status).toBe('SUSPENDED');
  });

  it('refuses member accounts (AccessDeniedException) unless delegated', async () => {
    const { sb, orgs, hubRole } = setup();
    await expect(orgs(hubRole).send(new DescribeAccountCommand({ AccountId: MEMBER }))).rejects.toMatchObject(
      {
        name: 'AccessDeniedException',
      },
    );
    sb.organization.addDelegatedAdministrator(HUB);
    await expect(
      orgs(hubRole).send(new DescribeAccountCommand({ AccountId: MEMBER })),
    ).resolves.toBeDefined();
  });

  it('lists member accounts page by page', async () => {
    const { sb, admin, orgs } = setup();
    for (let i = 0; i < 5; i++) sb.addAccount({ id: `10000000000${i}`, name: `acct-${i}` });
    const first = await orgs(admin).send(new ListAccountsCommand({ MaxResults: 3 }));
    expect(first.Accounts).toHaveLength(3);
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs(admin), pageSize: 2 }, {})) {
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    }
    expect(ids).toHaveLength(8); // management, member, hub and 5 more; the outsider is not a member
    expect(ids).not.toContain(OTHER);
  });
});

describe('Organizations: the tree (root, OUs, ListParents)', () => {
  function setup(seed = 7) {
    const env = organization(seed);
    const admin = env.sb.iam.createUser('999999999999', 'org-admin');
    const orgs = (arn: string) =>
      env.sb.attach(new OrganizationsClient(env.sb.clientConfig({ principalArn: arn, region: 'us-east-1' })));
    const parents = async (childId: string, arn = admin) =>
      (await orgs(arn).send(new ListParentsCommand({ ChildId: childId }))).Parents;
    return { ...env, admin, orgs, parents };
  }

  it('names the root and OUs as Organizations does, the same from the same seed', () => {
    const { sb } = setup();
    const root = sb.organization.rootId;
    expect(root).toMatch(/^r-[0-9a-z]{4}$/);
    const ou = sb.organization.createOrganizationalUnit(root, 'workloads');
    expect(ou).toMatch(new RegExp(`^ou-${root.slice(2)}-[0-9a-z]{8}$`));
    const again = setup().sb.organization;
    expect([again.rootId, again.createOrganizationalUnit(again.rootId, 'workloads')]).toEqual([root, ou]);
    expect(setup(8).sb.organization.rootId).not.toBe(root);
  });

  it('does not shift the ids of anything else when OUs are created', () => {
    const plain = setup();
    const withOus = setup();
    withOus.sb.organization.createOrganizationalUnit(withOus.sb.organization.rootId, 'workloads');
    const group = (sb: typeof plain.sb) =>
      sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'web' });
    expect(group(withOus.sb)).toBe(group(plain.sb));
  });

  it('places an account under the root by default, and answers its one parent through the real client', async () => {
    const { sb, parents } = setup();
    await expect(parents(MEMBER)).resolves.toEqual([{ Id: sb.organization.rootId, Type: 'ROOT' }]);
  });

  it('walks from an account moved into a nested OU up to the root', async () => {
    const { sb, parents } = setup();
    const o = sb.organization;
    const workloads = o.createOrganizationalUnit(o.rootId, 'workloads');
    const prod = o.createOrganizationalUnit(workloads, 'prod');
    o.moveAccount(MEMBER, prod);
    await expect(parents(MEMBER)).resolves.toEqual([{ Id: prod, Type: 'ORGANIZATIONAL_UNIT' }]);
    await expect(parents(prod)).resolves.toEqual([{ Id: workloads, Type: 'ORGANIZATIONAL_UNIT' }]);
    await expect(parents(workloads)).resolves.toEqual([{ Id: o.rootId, Type: 'ROOT' }]);
    o.moveAccount(MEMBER, o.rootId);
    await expect(parents(MEMBER)).resolves.toEqual([{ Id: o.rootId, Type: 'ROOT' }]);
  });

  it('places an account created with an OU under it', async () => {
    const { sb, parents } = setup();
    const ou = sb.organization.createOrganizationalUnit(sb.organization.rootId, 'sandbox');
    sb.addAccount({ id: '777788889999', name: 'experiments', ouId: ou });
    await expect(parents('777788889999')).resolves.toEqual([{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it('answers ChildNotFoundException for an unknown child, an account outside the organization, or the root', async () => {
    const { sb, parents } = setup();
    for (const child of ['123412341234', OTHER, 'ou-abcd-12345678', sb.organization.rootId]) {
      const error = await parents(child).catch((e: unknown) => e);
      expect({ child, error }).toEqual({ child, error: expect.any(ChildNotFoundException) });
    }
  });

  it('refuses member accounts (AccessDeniedException) unless delegated, like the other reads', async () => {
    const { sb, parents, hubRole } = setup();
    await expect(parents(MEMBER, hubRole)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    sb.organization.addDelegatedAdministrator(HUB);
    await expect(parents(MEMBER, hubRole)).resolves.toHaveLength(1);
  });

  it('lists what sits directly under a root or OU (ListAccountsForParent, ListChildren), by pages of at most 20', async () => {
    const { sb, orgs, admin } = setup();
    const o = sb.organization;
    const workloads = o.createOrganizationalUnit(o.rootId, 'workloads');
    const prod = o.createOrganizationalUnit(workloads, 'prod');
    o.moveAccount(MEMBER, prod);
    for (let i = 0; i < 22; i++)
      sb.addAccount({ id: String(700000000000 + i), name: `w-${i}`, ouId: workloads });
    sb.addAccount({ id: '799999999999', name: 'gone', ouId: workloads, inOrganization: false });
    const client = orgs(admin);
    const accountsUnder = async (parentId: string) => {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }),
        );
        expect((page.Accounts ?? []).length).toBeLessThanOrEqual(20);
        ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
        token = page.NextToken;
      } while (token);
      return ids;
    };

    expect(await accountsUnder(prod)).toEqual([MEMBER]);
    const direct = await accountsUnder(workloads);
    expect(direct).toHaveLength(22);
    expect(direct).not.toContain('799999999999');
    expect(await accountsUnder(o.rootId)).not.toContain(MEMBER);
    await expect(
      client.send(new ListChildrenCommand({ ParentId: o.rootId, ChildType: 'ORGANIZATIONAL_UNIT' })),
    ).resolves.toMatchObject({ Children: [{ Id: workloads, Type: 'ORGANIZATIONAL_UNIT' }] });
    await expect(
      client.send(new ListChildrenCommand({ ParentId: workloads, ChildType: 'ORGANIZATIONAL_UNIT' })),
    ).resolves.toMatchObject({ Children: [{ Id: prod, Type: 'ORGANIZATIONAL_UNIT' }] });
    await expect(
      client.send(new ListChildrenCommand({ ParentId: prod, ChildType: 'ACCOUNT' })),
    ).resolves.toMatchObject({ Children: [{ Id: MEMBER, Type: 'ACCOUNT' }] });
    await expect(
      client.send(new ListAccountsForParentCommand({ ParentId: 'ou-abcd-12345678' })),
    ).rejects.toMatchObject({ name: 'ParentNotFoundException' });
    await expect(
      client.send(new ListAccountsForParentCommand({ ParentId: workloads, MaxResults: 21 })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('rejects an unknown parent in the test API (a bug in the test, not an AWS error)', () => {
    const { sb } = setup();
    const o = sb.organization;
    expect(() => o.createOrganizationalUnit('ou-abcd-12345678', 'x')).toThrow(SandboxError);
    expect(() => o.moveAccount(MEMBER, 'r-zzzz')).toThrow(SandboxError);
    expect(() => o.moveAccount('123412341234', o.rootId)).toThrow(SandboxError);
    expect(() => sb.addAccount({ id: '777788889999', name: 'x', ouId: 'ou-abcd-12345678' })).toThrow(
      SandboxError,
    );
  });
});

describe('SNS', () => {
  it('keeps what was published, with structure and attributes', async () => {
    const { sb, hubRole } = organization();
    const topicArn = sb.sns.createTopic(HUB, REGION, 'guardrail-alerts');
    const sns = sb.attach(new SNSClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
    const message = JSON.stringify({ default: 'text', email: 'text', sqs: '{"schemaVersion":1}' });
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'guardrail: reverted',
        Message: message,
        MessageStructure: 'json',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'critical' } },
      }),
    );
    expect(sb.sns.published(topicArn)).toEqual([
      {
        MessageId,
        TopicArn: topicArn,
        Subject: 'guardrail: reverted',
        Message: message,
        MessageStructure: 'json',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'critical' } },
        at: new Date('2025-03-01T10:00:00.000Z'),
      },
    ]);
    expect(sb.sns.published()).toHaveLength(1);
  });

  it('rejects what SNS rejects: unknown topic, long subject, json without default', async () => {
    const { sb, hubRole } = organization();
    const sns = sb.attach(new SNSClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    const missing = await sns
      .send(new PublishCommand({ TopicArn: `${TopicArn}-nope`, Message: 'x' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundException);
    await expect(
      sns.send(new PublishCommand({ TopicArn, Message: 'x', Subject: 's'.repeat(101) })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      sns.send(new PublishCommand({ TopicArn, Message: '{"email":"x"}', MessageStructure: 'json' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(sb.sns.published(TopicArn)).toEqual([]);
  });

  describe('PublishBatch', () => {
    function batchSetup() {
      const { sb, hubRole } = organization();
      const topicArn = sb.sns.createTopic(HUB, REGION, 'guardrail-alerts');
      const sns = sb.attach(new SNSClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
      const entry = (id: string, extra: Record<string, unknown> = {}) => ({
        Id: id,
        Message: `m-${id}`,
        ...extra,
      });
      return { sb, topicArn, sns, entry };
    }

    it('publishes each entry as its own message, in order, and names each by its id', async () => {
      const { sb, topicArn, sns, entry } = batchSetup();
      const response = await sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [entry('a'), entry('b', { Subject: 'second' })],
        }),
      );
      expect(response.Failed).toEqual([]);
      const published = sb.sns.published(topicArn);
      expect(published.map((m) => [m.Message, m.Subject])).toEqual([
        ['m-a', undefined],
        ['m-b', 'second'],
      ]);
      expect(response.Successful?.map((s) => [s.Id, s.MessageId])).toEqual([
        ['a', published[0]?.MessageId],
        ['b', published[1]?.MessageId],
      ]);
    });

    it("fails only the entry SNS would refuse, as the sender's fault; the others are published", async () => {
      const { sb, topicArn, sns, entry } = batchSetup();
      const response = await sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [entry('ok'), entry('bad', { Subject: 's'.repeat(101) })],
        }),
      );
      expect(response.Successful?.map((s) => s.Id)).toEqual(['ok']);
      expect(response.Failed).toEqual([
        expect.objectContaining({ Id: 'bad', Code: 'InvalidParameterException', SenderFault: true }),
      ]);
      expect(sb.sns.published(topicArn)).toHaveLength(1);
    });

    it("reports an entry failed on SNS's side (an injected PublishBatchEntry fault) without failing the call", async () => {
      const { sb, topicArn, sns, entry } = batchSetup();
      sb.faults.add({ service: 'sns', operation: 'PublishBatchEntry', kind: 'server-error', times: 1 });
      const response = await sns.send(
        new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [entry('a'), entry('b')] }),
      );
      expect(response.Failed).toEqual([
        expect.objectContaining({ Id: 'a', Code: 'InternalError', SenderFault: false }),
      ]);
      expect(response.Successful?.map((s) => s.Id)).toEqual(['b']);
    });

    it('refuses the whole request when it breaks the batch rules: empty, over 10, ids repeated, over 256 KiB', async () => {
      const { sb, topicArn, sns, entry } = batchSetup();
      const send = (entries: ReturnType<typeof entry>[]) =>
        sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }));
      await expect(send([])).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
      await expect(send(Array.from({ length: 11 }, (_, i) => entry(`e${i}`)))).rejects.toMatchObject({
        name: 'TooManyEntriesInBatchRequest',
      });
      await expect(send([entry('same'), entry('same')])).rejects.toMatchObject({
        name: 'BatchEntryIdsNotDistinct',
      });
      const half = 'x'.repeat(140_000);
      await expect(
        send([entry('a', { Message: half }), entry('b', { Message: half })]),
      ).rejects.toMatchObject({
        name: 'BatchRequestTooLong',
      });
      await expect(send([entry('not ok!')])).rejects.toMatchObject({ name: 'InvalidBatchEntryId' });
      expect(sb.sns.published(topicArn)).toEqual([]);
    });
  });
});

describe('SQS', () => {
  it('sends, receives with a visibility timeout, and deletes', async () => {
    const { sb, hubRole, advance } = organization();
    const sqs = sb.attach(new SQSClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'guardrail-events', Attributes: { VisibilityTimeout: '30' } }),
    );
    expect(QueueUrl).toBe(`https://sqs.${REGION}.amazonaws.com/${HUB}/guardrail-events`);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
    sb.sqs.send(QueueUrl!, { MessageBody: 'two' });
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(first.Messages?.map((m) => m.Body)).toEqual(['one', 'two']);
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(hidden.Messages).toBeUndefined();
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }));
    advance(31_000);
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(again.Messages?.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
      ['two', '2'],
    ]);
    const batch = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', ReceiptHandle: again.Messages?.[0]?.ReceiptHandle },
          { Id: 'b', ReceiptHandle: 'stale' },
        ],
      }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a']);
    expect(batch.Failed?.map((f) => f.Id)).toEqual(['b']);
    expect(sb.sqs.messages(QueueUrl!)).toEqual([]);
  });

  it('wakes a long poll when a message arrives, and fails on an unknown queue', async () => {
    const { sb, hubRole } = organization();
    const sqs = sb.attach(new SQSClient(sb.clientConfig({ principalArn: hubRole, region: REGION })));
    const url = sb.sqs.createQueue(HUB, REGION, 'q');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    setImmediate(() => sb.sqs.send(url, { MessageBody: 'late' }));
    expect((await polling).Messages?.map((m) => m.Body)).toEqual(['late']);
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: `${url}-missing` }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });
});

describe('credentials for an assumed-role ARN', () => {
  it('gives a caller that STS and CloudTrail know by its session', async () => {
    const { sb } = organization();
    const arn = `arn:aws:sts::${MEMBER}:assumed-role/guardrail-remediation/someone`;
    const creds = sb.credentialsFor(arn);
    expect(creds.sessionToken).toBeDefined();
    const sts = sb.attach(new STSClient({ region: REGION, credentials: creds }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
  });
});
