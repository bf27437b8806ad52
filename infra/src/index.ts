export { type BuildOptions, buildGuardrailApp, type GuardrailStacks } from './build-app';
export { type ConfigIssue, DeployConfigError } from './config/errors';
export { loadDeployConfig, parseDeployConfig } from './config/load';
export type { DeployConfig, DeployConfigInput } from './config/schema';
export { HubStack } from './hub/hub-stack';
export { buildForwardingPattern, type EventPattern, memberRuleNames } from './member/event-pattern';
export { MemberStack } from './member/member-stack';
export { acknowledge, awsSolutionsFindings, type NagFinding } from './nag';
export { OrgAccessStack } from './org/org-access-stack';
