/**
 * The policies a HubConfig names, every way (`guardrail hub run`, the CLI, the demo, the tests):
 * a YAML file, inline YAML, or the JSON compiled at synth. This is the YAML-reading side; the
 * Lambda loads through compiled-policies.ts instead, so its bundle has no YAML parser.
 */
import {
  HUB_ENV,
  loadCompiledPolicies,
  loadPolicies,
  type PolicyFile,
  type PolicySource,
} from '@guardrail/core';
import type { HubConfig } from './config';

/** Turns a HubConfig's policy source into the policies the hub evaluates. */
export type PolicyLoader = (policy: HubConfig['policy']) => PolicyFile;

/** Inline YAML is named by its variable in policy errors, a file by its path. */
export function policySource(policy: HubConfig['policy']): PolicySource {
  if (policy.yaml !== undefined) return { text: policy.yaml, file: HUB_ENV.policyYaml };
  return policy.file !== undefined ? { file: policy.file } : {};
}

/** Every source: compiled JSON when given, else YAML (inline or a file), else the shipped policies. */
export const loadConfiguredPolicies: PolicyLoader = (policy) =>
  policy.compiled !== undefined ? loadCompiledPolicies(policy.compiled) : loadPolicies(policySource(policy));
