/**
 * The Lambda's policy loader: only the JSON that infra compiled at synth
 * (GUARDRAIL_COMPILED_POLICY_FILE, checked against its checksum), or the shipped policies when none
 * is set. It imports nothing that parses YAML or holds the policy schema, so neither reaches the
 * Lambda's bundle (a test reads the bundle's inputs to keep it so).
 */
import { HUB_ENV, loadCompiledPolicies, SHIPPED_POLICIES } from '@guardrail/core';
import { ConfigError } from './config';
import type { PolicyLoader } from './policies';

export const loadCompiledPoliciesOnly: PolicyLoader = (policy) => {
  if (policy.compiled !== undefined) return loadCompiledPolicies(policy.compiled);
  if (policy.yaml !== undefined || policy.file !== undefined) {
    const given = policy.yaml !== undefined ? HUB_ENV.policyYaml : HUB_ENV.policyFile;
    throw new ConfigError([
      `${given} is YAML, which this function does not read: it reads the policies compiled at synth (${HUB_ENV.compiledPolicyFile}); YAML is for guardrail hub run`,
    ]);
  }
  return SHIPPED_POLICIES;
};
