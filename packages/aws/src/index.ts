export { type AwsErrorKind, type ClassifiedAwsError, classifyAwsError } from './classify';
export { type AwsClients, type ClientsOptions, createClients } from './clients';
export {
  CredentialBroker,
  type CredentialBrokerOptions,
  DEFAULT_SESSION_NAME,
  DEFAULT_SOURCE_IDENTITY,
  type MemberClientClass,
} from './credentials/broker';
export { memoizeCredentials } from './credentials/memoize';
export { type RevokeItem, SecurityGroupGateway } from './ec2/gateway';
export {
  type PrefixListAssociation,
  type PrefixListAssociationsResult,
  type PrefixListFailureKind,
  PrefixListReader,
  type PrefixListReaderOptions,
  type PrefixListReadResult,
  type UnreadablePrefixListResult,
} from './ec2/prefix-lists';
export type { MutationFailure, MutationResult, ReadGroupResult } from './ec2/results';
export { AccountLookupError, AlertPublishError, AssumeRoleError, AwsOperationError } from './errors';
export { ForwardingReader, forwardingReaderFor } from './events/forwarding-reader';
export {
  type AwsOptions,
  baseClientConfig,
  type ClientPlugin,
  DEFAULT_MAX_ATTEMPTS,
  withPlugins,
} from './options';
export {
  createOrganizationsClient,
  ORG_READ_SESSION_NAME,
  type OrganizationsClientOptions,
} from './organizations/client';
export {
  AccountDirectory,
  type AccountDirectoryOptions,
  type AccountLookup,
  DEFAULT_DIRECTORY_TTL_MS,
} from './organizations/directory';
export {
  type ListActiveAccountsOptions,
  listActiveAccounts,
  type OrganizationAccount,
} from './organizations/list-accounts';
export * from './s3';
export { AlertPublisher } from './sns/publisher';
export * from './sqs';
export {
  type BaselineSave,
  type BreakerGroup,
  type ClaimStatus,
  createStateStores,
  createStateTable,
  DynamoDbBaselineStore,
  DynamoDbBreakerStore,
  type DynamoDbDedupeOptions,
  DynamoDbDedupeStore,
  DynamoDbOutboxStore,
  DynamoDbPolicyStore,
  DynamoDbSweepTallyStore,
  DynamoDbVerdictStore,
  type FinishedTarget,
  type PolicyRecord,
  STATE_KEY,
  STATE_TTL,
  StateStoreError,
  type StateStores,
  type StateTable,
  type SweepNotice,
  type SweepTally,
  type SweepTallyOpening,
} from './state';
