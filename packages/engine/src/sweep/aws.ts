/**
 * The sweep's ports over the @guardrail/aws adapters: the sweep queue (SqsSweepQueue:
 * SendMessageBatch), the organization's ACTIVE accounts (ListAccounts, or the target OUs), and
 * each member account's opted-in groups through the remediation role.
 */
import {
  type AwsOptions,
  type CredentialBroker,
  classifyAwsError,
  createClients,
  createOrganizationsClient,
  createS3Client,
  createStateStores,
  listActiveAccounts,
  SecurityGroupGateway,
  SqsRecheckQueue,
  SqsSweepQueue,
  SweepResultsStore,
} from '@guardrail/aws';
import { getOrCreate } from '../memo';
import type {
  EnrolledAccountsPort,
  OptedInGroupsResult,
  RecheckQueuePort,
  SweepGroupSource,
  SweepQueuePort,
  SweepResultsPort,
} from './ports';
import type { SweepTallyPort } from './tally';

/** The Organizations client (typed through @guardrail/aws: the engine does not import that SDK). */
type OrganizationsClient = Parameters<typeof listActiveAccounts>[0];

export class OrganizationEnrolledAccounts implements EnrolledAccountsPort {
  constructor(
    private readonly organizations: OrganizationsClient,
    private readonly ouIds: readonly string[] = [],
  ) {}

  /** The management account is left out: a service-managed StackSet never enrolls it. */
  listActive(): Promise<{ id: string; name?: string }[]> {
    return listActiveAccounts(this.organizations, { ouIds: this.ouIds, excludeManagementAccount: true });
  }
}

/** Lists opted-in groups with the member remediation role (the broker's cached EC2 clients). */
export class BrokerSweepGroupSource implements SweepGroupSource {
  private readonly gateways = new Map<string, SecurityGroupGateway>();

  constructor(
    private readonly broker: Pick<CredentialBroker, 'ec2'>,
    private readonly tagKey: string,
  ) {}

  async list(account: string, region: string): Promise<OptedInGroupsResult> {
    const gateway = getOrCreate(
      this.gateways,
      `${account}/${region}`,
      () => new SecurityGroupGateway(this.broker.ec2(account, region)),
    );
    try {
      return { status: 'listed', groups: await gateway.listOptedInGroups(this.tagKey) };
    } catch (error) {
      const { kind, code, message } = classifyAwsError(error);
      if (kind === 'access-denied') return { status: 'access-denied', code, message };
      return { status: kind === 'retryable' ? 'retryable' : 'failed', code, message };
    }
  }
}

export interface AwsSweepPlannerOptions {
  /** Region, plugins, retries and the hub's own credentials. */
  aws: AwsOptions;
  /** The sweep queue (GUARDRAIL_QUEUE_URL). */
  queueUrl: string;
  /** A role to assume for Organizations reads (GUARDRAIL_ORG_READ_ROLE_ARN). */
  orgReadRoleArn?: string;
  /** The SourceIdentity of the read role's session (GUARDRAIL_SOURCE_IDENTITY; @guardrail/aws's default when absent). */
  sourceIdentity?: string;
  /** Restrict the sweep to these OUs (GUARDRAIL_SWEEP_OU_IDS). */
  ouIds?: readonly string[];
  /** Where the manifest is written (GUARDRAIL_SWEEP_RESULTS_BUCKET). */
  resultsBucket?: string;
  /** The state table a full sweep's tally is opened in (GUARDRAIL_STATE_TABLE). */
  stateTable?: string;
}

/** The sweep results bucket over a real S3 client (the hub's own credentials). */
export function createAwsSweepResults(
  aws: AwsOptions,
  bucket: string,
): { results: SweepResultsPort; destroy(): void } {
  const s3 = createS3Client(aws);
  return { results: new SweepResultsStore(s3, bucket), destroy: () => s3.destroy() };
}

/** The accounts and queue ports planSweep needs, over real SDK clients. */
export function createAwsSweepPlannerPorts(options: AwsSweepPlannerOptions): {
  accounts: EnrolledAccountsPort;
  queue: SweepQueuePort;
  /** The same queue, one delayed message at a time (the sweep's deadline). */
  delayed: RecheckQueuePort;
  results?: SweepResultsPort;
  tally?: SweepTallyPort;
  destroy(): void;
} {
  // The same Organizations client as the hub's AccountDirectory (the read role, its session, the SourceIdentity).
  const organizations = createOrganizationsClient({
    ...options.aws,
    ...(options.orgReadRoleArn ? { readRoleArn: options.orgReadRoleArn } : {}),
    ...(options.sourceIdentity ? { sourceIdentity: options.sourceIdentity } : {}),
  });
  const sqs = createClients(options.aws).sqs();
  const queue: SweepQueuePort = new SqsSweepQueue(sqs, options.queueUrl);
  const results = options.resultsBucket
    ? createAwsSweepResults(options.aws, options.resultsBucket)
    : undefined;
  const state = options.stateTable ? createStateStores(options.stateTable, { aws: options.aws }) : undefined;
  return {
    accounts: new OrganizationEnrolledAccounts(organizations, options.ouIds ?? []),
    queue,
    delayed: new SqsRecheckQueue(sqs, options.queueUrl),
    ...(results ? { results: results.results } : {}),
    ...(state ? { tally: state.sweepTally } : {}),
    destroy() {
      organizations.destroy();
      sqs.destroy();
      results?.destroy();
      state?.destroy();
    },
  };
}
