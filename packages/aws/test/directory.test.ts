import { AccountDirectory, AccountLookupError, classifyAwsError, createClients } from '../src';
import { callsTo, createOrg, MEMBER, type Org, organizationsReader } from './fixture';

const SUSPENDED = '444444444444';
const OUTSIDER = '555555555555';

describe('AccountDirectory', () => {
  let org: Org;
  let clock: number;
  let directory: AccountDirectory;

  beforeEach(() => {
    org = createOrg();
    org.sb.addAccount({ id: SUSPENDED, name: 'old-sandbox', status: 'SUSPENDED' });
    org.sb.addAccount({ id: OUTSIDER, name: 'someone-else', inOrganization: false });
    clock = 1_000_000;
    const organizations = organizationsReader(org);
    directory = new AccountDirectory(organizations, { ttlMs: 60_000, now: () => clock });
  });

  it('knows an ACTIVE member and its name', async () => {
    await expect(directory.lookup(MEMBER)).resolves.toEqual({
      status: 'active',
      id: MEMBER,
      name: 'member-1',
    });
  });

  it('reports a suspended member as inactive, with its state', async () => {
    await expect(directory.lookup(SUSPENDED)).resolves.toEqual({
      status: 'inactive',
      id: SUSPENDED,
      name: 'old-sandbox',
      state: 'SUSPENDED',
    });
  });

  it('reports an account outside the organization as not a member', async () => {
    await expect(directory.lookup(OUTSIDER)).resolves.toEqual({ status: 'not-member', id: OUTSIDER });
  });

  it('answers from its cache until the TTL passes', async () => {
    await directory.lookup(MEMBER);
    await directory.lookup(MEMBER);
    await Promise.all([directory.lookup(OUTSIDER), directory.lookup(OUTSIDER)]);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(2);
    clock += 60_000;
    await directory.lookup(MEMBER);
    expect(callsTo(org.sb, 'DescribeAccount')).toHaveLength(3);
  });

  it('throws AccountLookupError on a failed lookup, and does not cache it', async () => {
    org.sb.faults.add({ service: 'organizations', kind: 'access-denied', times: 1 });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(error).toMatchObject({ name: 'AccountLookupError', account: MEMBER });
    expect(classifyAwsError(error).kind).toBe('access-denied');
    await expect(directory.lookup(MEMBER)).resolves.toMatchObject({ status: 'active' });
  });

  it('is denied from an account that is neither management nor delegated administrator', async () => {
    const fromHub = new AccountDirectory(createClients(org.aws).organizations());
    const error = await fromHub.lookup(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountLookupError);
    expect(classifyAwsError(error)).toMatchObject({ kind: 'access-denied', code: 'AccessDeniedException' });
  });

  it('classifies throttling that outlasts the retries as retryable', async () => {
    org.sb.faults.add({ service: 'organizations', operation: 'DescribeAccount', kind: 'throttle' });
    const error = await directory.lookup(MEMBER).catch((e: unknown) => e);
    expect(classifyAwsError(error).kind).toBe('retryable');
  });
});
