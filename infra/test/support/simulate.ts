import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { ResolveContext } from './resolve-template';
import { resourcesOf, type Synthesized } from './synth';

export type Policy = Record<string, unknown>;
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Runs one request through the IAM simulator (no SCPs, no RCPs) and returns its decision. */
export async function decide(
  simulation: Omit<Simulation, 'serviceControlPolicies' | 'resourceControlPolicies'>,
): Promise<Decision> {
  const result = await runSimulation(
    { ...simulation, serviceControlPolicies: [], resourceControlPolicies: [] },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

export const asIdentity = (policies: Policy[]) =>
  policies.map((policy, index) => ({ name: `p${index}`, policy }));

export const ADMIN: Policy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The ARN a deployed resource of the hub template would have, by type (others stay fake). */
const ARN_BY_TYPE: Record<string, (ctx: { account: string; region: string }, id: string) => string> = {
  'AWS::SQS::Queue': ({ account, region }, id) => `arn:aws:sqs:${region}:${account}:${id}`,
  'AWS::Lambda::Function': ({ account, region }, id) => `arn:aws:lambda:${region}:${account}:function:${id}`,
  'AWS::IAM::Role': ({ account }, id) => `arn:aws:iam::${account}:role/${id}`,
  // Bucket names are global and lower case; the ARN has neither account nor region.
  'AWS::S3::Bucket': (_env, id) => `arn:aws:s3:::${id.toLowerCase()}`,
  'AWS::KMS::Key': ({ account, region }, id) => `arn:aws:kms:${region}:${account}:key/${id}`,
};

/** A resolve context for the hub template where queues, functions, roles, buckets and keys get real-looking ARNs. */
export function hubResolveContext(syn: Synthesized, account: string, region: string): ResolveContext {
  const resources: Record<string, string> = {};
  for (const [type, arn] of Object.entries(ARN_BY_TYPE)) {
    for (const id of Object.keys(resourcesOf(syn.hubJson, type)))
      resources[id] = arn({ account, region }, id);
  }
  return { account, region, parameters: {}, resources };
}

/** The resolved identity policies (AWS::IAM::Policy and inline) attached to one role of a template. */
export function rolePolicies(
  template: Record<string, unknown>,
  roleLogicalId: string,
  ctx: ResolveContext,
  resolve: (value: unknown, ctx: ResolveContext) => unknown,
): Policy[] {
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .map((p) => resolve(p.Properties.PolicyDocument, ctx) as Policy);
  const role = resourcesOf(template, 'AWS::IAM::Role')[roleLogicalId];
  if (!role) throw new Error(`no role ${roleLogicalId}`);
  const inline = ((role.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map(
    (p) => resolve(p.PolicyDocument, ctx) as Policy,
  );
  return [...attached, ...inline];
}
