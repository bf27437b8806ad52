import type { DeployConfig } from './config/schema';

/**
 * ARNs the stacks must know at synth time. The hub role has a fixed name precisely so that the
 * member template can trust its exact ARN before anything is deployed.
 */
export function hubRoleArn(config: DeployConfig, partition = config.hub.partition): string {
  return `arn:${partition}:iam::${config.hub.account}:role/${config.names.hubRole}`;
}

export function hubEventBusArn(config: DeployConfig, partition = config.hub.partition): string {
  return `arn:${partition}:events:${config.hub.region}:${config.hub.account}:event-bus/${config.names.hubEventBus}`;
}

export function orgReadRoleArn(config: DeployConfig, partition = config.hub.partition): string | undefined {
  const read = config.organizationsRead;
  return read && `arn:${partition}:iam::${read.managementAccountId}:role/${read.roleName}`;
}

/** The remediation role in any account (the hub builds the same ARN per account). */
export function remediationRoleArnPattern(config: DeployConfig, partition = config.hub.partition): string {
  return `arn:${partition}:iam::*:role/${config.names.remediationRole}`;
}

/**
 * A hub function's unqualified ARN, from its fixed name: the hub role's policy names the functions
 * that may make a call (`lambda:SourceFunctionArn`) without a reference to them, which would be a
 * dependency cycle (each function depends on the role's policy).
 */
export function hubFunctionArn(
  config: DeployConfig,
  functionName: string,
  partition = config.hub.partition,
): string {
  return `arn:${partition}:lambda:${config.hub.region}:${config.hub.account}:function:${functionName}`;
}
