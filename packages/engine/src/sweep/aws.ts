/**
 * The sweep's ports over the @guardrail/aws adapters: the hub queue (SendMessageBatch), the
 * organization's ACTIVE accounts (ListAccounts, or the target OUs), and each member account's
 * opted-in groups through the remediation role.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type AwsOptions,
  type CredentialBroker,
  classifyAwsError,
  createClients,
  listActiveAccounts,
  SecurityGroupGateway,
} from '@guardrail/aws';
import { getOrCreate } from '../memo';
import type {
  EnrolledAccountsPort,
  OptedInGroupsResult,
  SweepGroupSource,
  SweepQueueFailure,
  SweepQueuePort,
} from './ports';

export class SqsSweepQueue implements SweepQueuePort {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async sendBatch(entries: { id: string; body: string }[]): Promise<{ failed: SweepQueueFailure[] }> {
    const response = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: entries.map((e) => ({ Id: e.id, MessageBody: e.body })),
      }),
    );
    return {
      failed: (response.Failed ?? []).map((f) => ({
        id: f.Id ?? '',
        code: f.Code ?? 'Unknown',
        message: f.Message ?? '',
      })),
    };
  }
}

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
  /** The hub queue (GUARDRAIL_QUEUE_URL). */
  queueUrl: string;
  /** A role to assume for Organizations reads (GUARDRAIL_ORG_READ_ROLE_ARN). */
  orgReadRoleArn?: string;
  /** Restrict the sweep to these OUs (GUARDRAIL_SWEEP_OU_IDS). */
  ouIds?: readonly string[];
}

/** The accounts and queue ports planSweep needs, over real SDK clients. */
export function createAwsSweepPlannerPorts(options: AwsSweepPlannerOptions): {
  accounts: EnrolledAccountsPort;
  queue: SweepQueuePort;
  destroy(): void;
} {
  const clients = createClients({
    ...options.aws,
    ...(options.orgReadRoleArn ? { organizationsRoleArn: options.orgReadRoleArn } : {}),
  });
  const organizations = clients.organizations();
  const sqs = clients.sqs();
  return {
    accounts: new OrganizationEnrolledAccounts(organizations, options.ouIds ?? []),
    queue: new SqsSweepQueue(sqs, options.queueUrl),
    destroy() {
      organizations.destroy();
      sqs.destroy();
    },
  };
}
