import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  DescribeManagedPrefixListsCommand,
  GetManagedPrefixListAssociationsCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyManagedPrefixListCommand,
  paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import { MEMBER, OTHER, organization, REGION } from './fixtures';

function withList(entries: string[] = ['10.0.0.0/8', '192.168.0.0/16']) {
  const env = organization();
  const ec2 = env.ec2As(env.alice);
  return {
    ...env,
    ec2,
    create: () =>
      ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'office',
          AddressFamily: 'IPv4',
          MaxEntries: 5,
          Entries: entries.map((Cidr) => ({ Cidr, Description: `net ${Cidr}` })),
          TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'team', Value: 'net' }] }],
        }),
      ),
  };
}

describe('managed prefix lists through the real client', () => {
  it('creates a list and describes it with its owner, version and ARN', async () => {
    const { ec2, create } = withList();
    const { PrefixList } = await create();
    expect(PrefixList).toMatchObject({
      PrefixListId: expect.stringMatching(/^pl-[0-9a-f]{17}$/),
      PrefixListName: 'office',
      State: 'create-in-progress',
      Version: 1,
      OwnerId: MEMBER,
      MaxEntries: 5,
    });
    const id = PrefixList?.PrefixListId as string;
    const { PrefixLists } = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }));
    expect(PrefixLists).toEqual([
      {
        PrefixListId: id,
        AddressFamily: 'IPv4',
        State: 'create-complete',
        PrefixListArn: `arn:aws:ec2:${REGION}:${MEMBER}:prefix-list/${id}`,
        PrefixListName: 'office',
        MaxEntries: 5,
        Version: 1,
        Tags: [{ Key: 'team', Value: 'net' }],
        OwnerId: MEMBER,
      },
    ]);
    const { Entries } = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
    expect(Entries).toEqual([
      { Cidr: '10.0.0.0/8', Description: 'net 10.0.0.0/8' },
      { Cidr: '192.168.0.0/16', Description: 'net 192.168.0.0/16' },
    ]);
  });

  it('makes a new version on every change of entries, and keeps the old ones readable', async () => {
    const { ec2, create } = withList();
    const id = (await create()).PrefixList?.PrefixListId as string;
    const modified = await ec2.send(
      new ModifyManagedPrefixListCommand({
        PrefixListId: id,
        CurrentVersion: 1,
        AddEntries: [{ Cidr: '0.0.0.0/0' }],
        RemoveEntries: [{ Cidr: '192.168.0.0/16' }],
      }),
    );
    expect(modified.PrefixList).toMatchObject({ Version: 2, State: 'modify-in-progress' });
    const current = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
    expect(current.Entries?.map((e) => e.Cidr)).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
    const first = await ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: 1 }),
    );
    expect(first.Entries?.map((e) => e.Cidr)).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    // A rename is no new version.
    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, PrefixListName: 'office-2' }));
    const { PrefixLists } = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }));
    expect(PrefixLists?.[0]).toMatchObject({
      PrefixListName: 'office-2',
      Version: 2,
      State: 'modify-complete',
    });
    await expect(
      ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: 3 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('answers with the codes EC2 gives', async () => {
    const { ec2, create } = withList();
    const id = (await create()).PrefixList?.PrefixListId as string;
    const fails = async (promise: Promise<unknown>, name: string) =>
      expect(promise).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
    await fails(
      ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-00000000000000000' })),
      'InvalidPrefixListID.NotFound',
    );
    await fails(
      ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-00000000000000000'] })),
      'InvalidPrefixListID.NotFound',
    );
    await fails(
      ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: id,
          CurrentVersion: 7,
          AddEntries: [{ Cidr: '1.1.1.1/32' }],
        }),
      ),
      'PrefixListVersionMismatch',
    );
    await fails(
      ec2.send(
        new ModifyManagedPrefixListCommand({ PrefixListId: id, RemoveEntries: [{ Cidr: '1.1.1.1/32' }] }),
      ),
      'InvalidPrefixListModification',
    );
    await fails(
      ec2.send(
        new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '10.0.0.0/8' }] }),
      ),
      'InvalidPrefixListModification',
    );
    await fails(
      ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '::/0' }] })),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: id,
          AddEntries: ['1.0.0.0/8', '2.0.0.0/8', '3.0.0.0/8', '4.0.0.0/8'].map((Cidr) => ({ Cidr })),
        }),
      ),
      'PrefixListMaxEntriesExceeded',
    );
    await fails(
      ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: id,
          MaxEntries: 20,
          AddEntries: [{ Cidr: '1.0.0.0/8' }],
        }),
      ),
      'InvalidParameterCombination',
    );
    await fails(
      ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 1 })),
      'PrefixListMaxEntriesExceeded',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'com.amazonaws.x',
          AddressFamily: 'IPv4',
          MaxEntries: 5,
        }),
      ),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({ PrefixListName: 'x', AddressFamily: 'IPv5', MaxEntries: 5 }),
      ),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({ PrefixListName: 'x', AddressFamily: 'IPv4', MaxEntries: 0 }),
      ),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'x',
          AddressFamily: 'IPv4',
          MaxEntries: 1,
          Entries: [{ Cidr: '1.0.0.0/8' }, { Cidr: '2.0.0.0/8' }],
        }),
      ),
      'PrefixListMaxEntriesExceeded',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'x',
          AddressFamily: 'IPv4',
          MaxEntries: 3,
          Entries: [{ Cidr: '1.0.0.0/8' }, { Cidr: '1.0.0.0/8' }],
        }),
      ),
      'InvalidRequest',
    );
    await fails(
      ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'x',
          AddressFamily: 'IPv4',
          MaxEntries: 3,
          Entries: [{ Cidr: 'nope' }],
        }),
      ),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(new DescribeManagedPrefixListsCommand({ MaxResults: 101 })),
      'InvalidParameterValue',
    );
    await fails(
      ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken: 'garbage' })),
      'InvalidParameterValue',
    );
    await expect(ec2.send(new DescribeManagedPrefixListsCommand({ DryRun: true }))).rejects.toMatchObject({
      name: 'DryRunOperation',
    });
  });

  it('pages entries (at most 100 a page) and associations', async () => {
    const { ec2, sb } = withList();
    const entries = Array.from({ length: 230 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    const id = sb.ec2.seedPrefixList({
      region: REGION,
      owner: MEMBER,
      name: 'big',
      entries,
      maxEntries: 1000,
    });
    const first = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id }));
    expect(first.Entries).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const all: string[] = [];
    for await (const page of paginateGetManagedPrefixListEntries(
      { client: ec2, pageSize: 40 },
      { PrefixListId: id },
    ))
      all.push(...(page.Entries ?? []).map((e) => e.Cidr as string));
    expect(all).toEqual(entries);
  });

  it('sees its own lists, those shared with it and the AWS-managed ones, and modifies only its own', async () => {
    const { ec2, sb, ec2As } = withList();
    const s3 = sb.ec2.seedPrefixList({
      region: REGION,
      owner: 'AWS',
      id: 'pl-6da54004',
      name: `com.amazonaws.${REGION}.s3`,
      entries: ['52.218.0.0/17'],
    });
    const shared = sb.ec2.seedPrefixList({
      region: REGION,
      owner: OTHER,
      name: 'partner',
      entries: ['198.51.100.0/24'],
      sharedWith: [MEMBER],
    });
    const hidden = sb.ec2.seedPrefixList({ region: REGION, owner: OTHER, name: 'private' });
    const elsewhere = sb.ec2.seedPrefixList({ region: 'us-east-1', owner: MEMBER, name: 'other-region' });
    const { PrefixLists } = await ec2.send(new DescribeManagedPrefixListsCommand({}));
    expect(PrefixLists?.map((l) => [l.PrefixListId, l.OwnerId])).toEqual([
      [s3, 'AWS'],
      [shared, OTHER],
    ]);
    expect(PrefixLists?.[0]?.PrefixListArn).toBe(`arn:aws:ec2:${REGION}:aws:prefix-list/${s3}`);
    const byOwner = await ec2.send(
      new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: ['AWS'] }] }),
    );
    expect(byOwner.PrefixLists?.map((l) => l.PrefixListName)).toEqual([`com.amazonaws.${REGION}.s3`]);
    for (const id of [hidden, elsewhere]) {
      await expect(
        ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id })),
      ).rejects.toMatchObject({ name: 'InvalidPrefixListID.NotFound' });
    }
    for (const id of [s3, shared]) {
      await expect(
        ec2.send(
          new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '0.0.0.0/0' }] }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidPrefixListModification' });
    }
    // The owner of the shared list sees it too.
    const owner = sb.iam.createUser(OTHER, 'bob');
    const theirs = await ec2As(owner).send(
      new DescribeManagedPrefixListsCommand({ PrefixListIds: [shared, hidden] }),
    );
    expect(theirs.PrefixLists?.map((l) => l.PrefixListName)).toEqual(['partner', 'private']);
  });

  it('lists the security groups whose rules reference a list', async () => {
    const { ec2, sb, ec2As } = withList();
    const id = sb.ec2.seedPrefixList({
      region: REGION,
      owner: MEMBER,
      name: 'office',
      entries: ['10.0.0.0/8'],
      sharedWith: [OTHER],
    });
    const groups = ['a', 'b', 'c', 'd', 'e', 'f'].map((groupName) =>
      sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName }),
    );
    sb.ec2.seedSecurityGroup({ account: MEMBER, region: REGION, groupName: 'unrelated' });
    for (const groupId of groups) {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: id }] },
          ],
        }),
      );
    }
    const partnerGroup = sb.ec2.seedSecurityGroup({
      account: OTHER,
      region: REGION,
      groupName: 'partner',
      ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: id }] }],
    });
    const first = await ec2.send(
      new GetManagedPrefixListAssociationsCommand({ PrefixListId: id, MaxResults: 5 }),
    );
    expect(first.PrefixListAssociations).toHaveLength(5);
    const rest = await ec2.send(
      new GetManagedPrefixListAssociationsCommand({
        PrefixListId: id,
        MaxResults: 5,
        NextToken: first.NextToken,
      }),
    );
    expect([...(first.PrefixListAssociations ?? []), ...(rest.PrefixListAssociations ?? [])]).toEqual([
      ...groups.map((ResourceId) => ({ ResourceId, ResourceOwner: MEMBER })),
      { ResourceId: partnerGroup, ResourceOwner: OTHER },
    ]);
    expect(rest.NextToken).toBeUndefined();
    // The account it is shared with sees its own groups only.
    const bob = sb.iam.createUser(OTHER, 'bob');
    const theirs = await ec2As(bob).send(new GetManagedPrefixListAssociationsCommand({ PrefixListId: id }));
    expect(theirs.PrefixListAssociations).toEqual([{ ResourceId: partnerGroup, ResourceOwner: OTHER }]);
    await expect(
      ec2.send(new GetManagedPrefixListAssociationsCommand({ PrefixListId: id, MaxResults: 4 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses a second list with the same seeded id', () => {
    const { sb } = withList();
    sb.ec2.seedPrefixList({ region: REGION, owner: 'AWS', id: 'pl-1', name: 'x' });
    expect(() => sb.ec2.seedPrefixList({ region: REGION, owner: 'AWS', id: 'pl-1', name: 'y' })).toThrow(
      /already exists/,
    );
  });
});
