import { DEFAULT_HUB_STACK_NAME } from '@guardrail/core';
import { type App, Stage } from 'aws-cdk-lib';
import type { DeployConfig } from './config/schema';
import { HubStack } from './hub/hub-stack';
import { memberRuleNames } from './member/event-pattern';
import { MemberStack } from './member/member-stack';
import { hubEventBusArn, hubRoleArn } from './names';
import { OrgAccessStack } from './org/org-access-stack';

export interface GuardrailStacks {
  hub: HubStack;
  member: MemberStack;
  /** The stage holding the member stack (validation plugins must be added to it too). */
  memberStage: Stage;
  orgAccess?: OrgAccessStack;
}

/**
 * Adds Guardrail's stacks to an app. The member stack is synthesized first in a stage of its own
 * (it is never deployed by `cdk deploy`): its template becomes the StackSet's template body, so
 * the StackSet always carries exactly the template the tests check.
 */
export interface BuildOptions {
  /** The sweep function's handler module to bundle (default: apps/hub/src/lambda.ts). */
  hubEntry?: string;
  /** The live-event function's handler module (default: apps/hub/src/event-lambda.ts). */
  eventEntry?: string;
}

export function buildGuardrailApp(
  app: App,
  config: DeployConfig,
  options: BuildOptions = {},
): GuardrailStacks {
  const env = { account: config.hub.account, region: config.hub.region };
  const parameters = {
    HubEventBusArn: hubEventBusArn(config),
    HubRoleArn: hubRoleArn(config),
    GlobalResourcesRegion: config.targets.globalResourcesRegion,
    RemediationRoleName: config.names.remediationRole,
  };

  const memberStage = new Stage(app, 'Member');
  // No construct paths in the member template's metadata: it is shown to every member account.
  memberStage.node.setContext('aws:cdk:enable-path-metadata', false);
  const member = new MemberStack(memberStage, 'GuardrailMember', {
    description: 'Guardrail member: forwards security group events to the hub; remediation role.',
    hubEventBusArn: parameters.HubEventBusArn,
    hubRoleArn: parameters.HubRoleArn,
    globalResourcesRegion: parameters.GlobalResourcesRegion,
    remediationRoleName: parameters.RemediationRoleName,
    ruleNames: memberRuleNames(config),
    forwardingDeadLetterQueue: config.names.forwardingDeadLetterQueue,
    policyTagKey: config.tags.policy,
    modeTagKey: config.tags.mode,
    stickyPolicies: config.stickyPolicies,
    sourceIdentity: config.names.sourceIdentity,
  });
  const template = memberStage.synth().getStackArtifact(member.artifactId).template as unknown;

  const hub = new HubStack(app, DEFAULT_HUB_STACK_NAME, {
    env,
    description: 'Guardrail hub: event intake, remediation Lambda, alerts, member StackSet.',
    config,
    memberTemplate: { body: JSON.stringify(template), parameters },
    hubEntry: options.hubEntry,
    eventEntry: options.eventEntry,
  });

  const read = config.organizationsRead;
  const orgAccess = read
    ? new OrgAccessStack(app, 'GuardrailOrgAccess', {
        env: { account: read.managementAccountId, region: config.hub.region },
        description: 'Guardrail (management account): Organizations read role, optional protection SCP.',
        config,
        managementAccountId: read.managementAccountId,
        readRoleName: read.roleName,
      })
    : undefined;
  return { hub, member, memberStage, orgAccess };
}
