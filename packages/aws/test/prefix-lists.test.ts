import { EC2Client, ModifyManagedPrefixListCommand } from '@aws-sdk/client-ec2';
import { planGroup, prefixListIdsOf, SHIPPED_POLICIES } from '@guardrail/core';
import { SecurityGroupGateway } from '../src';
import { PrefixListReader } from '../src/ec2/prefix-lists';
import { callsTo, createOrg, MEMBER, type Org, OTHER_MEMBER, REGION } from './fixture';

const S3 = 'pl-6da54004';

describe('PrefixListReader', () => {
  let org: Org;
  let reader: PrefixListReader;
  let office: string;

  /** A member's own user, changing the list as a person would. */
  function memberEc2(): EC2Client {
    const admin = org.sb.iam.createUser(MEMBER, `admin-${Math.random().toString(16).slice(2)}`);
    return org.sb.attach(new EC2Client(org.sb.clientConfig({ principalArn: admin, region: REGION })));
  }
  const reads = (operation: string) => callsTo(org.sb, operation).length;

  beforeEach(() => {
    org = createOrg();
    reader = new PrefixListReader(org.broker().ec2(MEMBER, REGION));
    office = org.sb.ec2.seedPrefixList({
      region: REGION,
      owner: MEMBER,
      name: 'office',
      entries: ['10.0.0.0/8', '203.0.113.0/24'],
    });
    org.sb.ec2.seedPrefixList({
      region: REGION,
      owner: 'AWS',
      id: S3,
      name: `com.amazonaws.${REGION}.s3`,
      entries: ['52.218.0.0/17', '3.5.64.0/21'],
    });
  });

  it('reads owner, name, version and entries, in the order asked, through the remediation role', async () => {
    const lists = await reader.resolve([S3, office, S3]);
    expect([...lists.keys()]).toEqual([S3, office]);
    expect(lists.get(office)).toEqual({
      id: office,
      name: 'office',
      owner: 'customer',
      version: 1,
      entries: ['10.0.0.0/8', '203.0.113.0/24'],
    });
    expect(lists.get(S3)).toEqual({
      id: S3,
      name: `com.amazonaws.${REGION}.s3`,
      owner: 'aws',
      version: 1,
      entries: ['52.218.0.0/17', '3.5.64.0/21'],
    });
    // One describe for both lists, one entries call each; as the hub's session in the member account.
    expect(reads('DescribeManagedPrefixLists')).toBe(1);
    expect(reads('GetManagedPrefixListEntries')).toBe(2);
    expect(callsTo(org.sb, 'GetManagedPrefixListEntries')[0]?.principalArn).toMatch(
      new RegExp(`^arn:aws:sts::${MEMBER}:assumed-role/`),
    );
  });

  it('reads every page of a long list', async () => {
    const entries = Array.from({ length: 250 }, (_, i) => `10.${i}.0.0/16`);
    const big = org.sb.ec2.seedPrefixList({
      region: REGION,
      owner: MEMBER,
      name: 'big',
      entries,
      maxEntries: 1000,
    });
    const lists = await reader.resolve([big]);
    expect(lists.get(big)).toMatchObject({ entries });
    expect(reads('GetManagedPrefixListEntries')).toBe(3);
  });

  it('caches by id and version: an unchanged list costs a describe, a modified one is read again', async () => {
    const client = org.broker().ec2(MEMBER, REGION);
    reader = new PrefixListReader(client);
    const targets: unknown[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetManagedPrefixListEntriesCommand')
          targets.push((args.input as { TargetVersion?: number }).TargetVersion);
        return next(args);
      },
      { step: 'initialize' },
    );
    const first = (await reader.resolve([office])).get(office);
    const again = (await reader.resolve([office])).get(office);
    expect(again).toBe(first);
    expect(reads('DescribeManagedPrefixLists')).toBe(2);
    expect(reads('GetManagedPrefixListEntries')).toBe(1);
    await memberEc2().send(
      new ModifyManagedPrefixListCommand({
        PrefixListId: office,
        CurrentVersion: 1,
        AddEntries: [{ Cidr: '0.0.0.0/0' }],
      }),
    );
    const modified = (await reader.resolve([office])).get(office);
    expect(modified).toEqual({
      id: office,
      name: 'office',
      owner: 'customer',
      version: 2,
      entries: ['10.0.0.0/8', '203.0.113.0/24', '0.0.0.0/0'],
    });
    expect(reads('GetManagedPrefixListEntries')).toBe(2);
    // Entries are read at exactly the version described.
    expect(targets).toEqual([1, 2]);
  });

  it('keeps no more lists than its cache size', async () => {
    const small = new PrefixListReader(org.broker().ec2(MEMBER, REGION), { cacheSize: 1 });
    await small.resolve([office]);
    await small.resolve([S3]);
    await small.resolve([office]);
    expect(reads('GetManagedPrefixListEntries')).toBe(3);
  });

  it('says not-found for a list that does not exist, and still reads the others', async () => {
    const missing = 'pl-00000000000000000';
    const lists = await reader.resolve([office, missing]);
    expect(lists.get(office)).toMatchObject({ owner: 'customer', entries: ['10.0.0.0/8', '203.0.113.0/24'] });
    expect(lists.get(missing)).toEqual({
      id: missing,
      unreadable: true,
      kind: 'not-found',
      code: 'InvalidPrefixListID.NotFound',
      reason: `not-found: InvalidPrefixListID.NotFound: The prefix list ID '${missing}' does not exist`,
    });
    // The batch, then one describe per id to find which one is missing.
    expect(reads('DescribeManagedPrefixLists')).toBe(3);
  });

  it('returns failures as values: access denied, a failing entries call', async () => {
    org.sb.faults.add({ service: 'ec2', operation: 'DescribeManagedPrefixLists', kind: 'access-denied' });
    const denied = await reader.resolve([office, S3]);
    for (const id of [office, S3]) {
      expect(denied.get(id)).toMatchObject({
        id,
        unreadable: true,
        kind: 'access-denied',
        reason: expect.stringMatching(/^access-denied: /),
      });
    }
    org.sb.faults.clear();
    org.sb.faults.add({ service: 'ec2', operation: 'GetManagedPrefixListEntries', kind: 'server-error' });
    const failing = await reader.resolve([office]);
    expect(failing.get(office)).toMatchObject({ unreadable: true, kind: 'retryable' });
    org.sb.faults.clear();
    // Nothing unreadable was cached.
    expect((await reader.resolve([office])).get(office)).toMatchObject({ version: 1 });
  });

  it('answers an empty request with no call', async () => {
    expect((await reader.resolve([])).size).toBe(0);
    expect(reads('DescribeManagedPrefixLists')).toBe(0);
  });

  it('lets the planner see what a list holds (issue 8: tcp 22 from a list holding 0.0.0.0/0)', async () => {
    const groupId = org.sb.ec2.seedSecurityGroup({
      account: MEMBER,
      region: REGION,
      groupName: 'bastion',
      tags: { 'guardrail:policy': 'no-public-admin-ports' },
      ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: office }] }],
    });
    await memberEc2().send(
      new ModifyManagedPrefixListCommand({ PrefixListId: office, AddEntries: [{ Cidr: '0.0.0.0/0' }] }),
    );
    const read = await new SecurityGroupGateway(org.broker().ec2(MEMBER, REGION)).readGroup(groupId);
    if (read.status !== 'found') throw new Error(`expected found, got ${read.status}`);
    const now = new Date();
    const blind = planGroup({ group: read.group, policies: SHIPPED_POLICIES, now });
    expect(blind.violations).toEqual([]);
    const prefixLists = await reader.resolve(prefixListIdsOf(read.group.rules));
    const plan = planGroup({ group: read.group, policies: SHIPPED_POLICIES, now, prefixLists });
    expect(plan.violations).toEqual([
      expect.objectContaining({ code: 'denied', internet: true, adminPort: true }),
    ]);
    expect(plan.actions).toEqual([
      expect.objectContaining({
        type: 'revoke',
        ruleId: expect.stringMatching(/^sgr-/),
        permission: {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          PrefixListIds: [{ PrefixListId: office }],
        },
      }),
    ]);
    expect(plan.unverifiable).toEqual([]);
  });
});

describe('PrefixListReader.associatedGroups', () => {
  it('lists every security group referencing the list, page by page', async () => {
    const org = createOrg();
    const office = org.sb.ec2.seedPrefixList({
      region: REGION,
      owner: MEMBER,
      name: 'office',
      entries: ['10.0.0.0/8'],
      sharedWith: [OTHER_MEMBER],
    });
    const permission = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      PrefixListIds: [{ PrefixListId: office }],
    };
    const groups = Array.from({ length: 260 }, (_, i) =>
      org.sb.ec2.seedSecurityGroup({
        account: MEMBER,
        region: REGION,
        groupName: `g${i}`,
        ingress: [permission],
      }),
    );
    org.sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'unrelated' });
    const partner = org.sb.ec2.seedSecurityGroup({
      account: OTHER_MEMBER,
      region: REGION,
      groupName: 'partner',
      egress: [permission],
    });
    const reader = new PrefixListReader(org.broker().ec2(MEMBER, REGION));
    const result = await reader.associatedGroups(office);
    expect(result).toEqual({
      status: 'ok',
      groups: [
        ...groups.map((groupId) => ({ groupId, ownerId: MEMBER })),
        { groupId: partner, ownerId: OTHER_MEMBER },
      ],
    });
    expect(callsTo(org.sb, 'GetManagedPrefixListAssociations')).toHaveLength(2);
  });

  it('returns a failure as a value', async () => {
    const org = createOrg();
    const reader = new PrefixListReader(org.broker().ec2(MEMBER, REGION));
    expect(await reader.associatedGroups('pl-00000000000000000')).toEqual({
      status: 'failed',
      kind: 'not-found',
      code: 'InvalidPrefixListID.NotFound',
      message: "The prefix list ID 'pl-00000000000000000' does not exist",
    });
    org.sb.faults.add({
      service: 'ec2',
      operation: 'GetManagedPrefixListAssociations',
      kind: 'access-denied',
    });
    expect(await reader.associatedGroups('pl-00000000000000000')).toMatchObject({
      status: 'failed',
      kind: 'access-denied',
    });
  });
});
