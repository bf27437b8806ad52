/**
 * Resolves the CloudFormation intrinsics found in the synthesized IAM documents into plain
 * strings, so that the IAM simulator sees the policies as they would be deployed: parameters take
 * the values the StackSet passes, pseudo parameters those of the simulated account, and other
 * resources a stable fake ARN (they only matter where a test names them).
 */
export interface ResolveContext {
  account: string;
  region: string;
  parameters: Record<string, string>;
  /** Logical id -> ARN (or name) for Ref / Fn::GetAtt of resources. */
  resources?: Record<string, string>;
}

/** A resource of the template with no ARN given: unique, and matching nothing the tests name. */
function fakeArn(logicalId: string, ctx: ResolveContext): string {
  return `arn:aws:fake:${ctx.region}:${ctx.account}:${logicalId}`;
}

function resolveRef(name: string, ctx: ResolveContext): string {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': ctx.account,
    'AWS::Region': ctx.region,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (name.startsWith('AWS::') && pseudo[name] === undefined) throw new Error(`cannot resolve Ref ${name}`);
  return pseudo[name] ?? ctx.parameters[name] ?? ctx.resources?.[name] ?? fakeArn(name, ctx);
}

export function resolveIntrinsics(value: unknown, ctx: ResolveContext): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, ctx));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, argument] = entries[0]!;
    if (key === 'Ref') return resolveRef(argument as string, ctx);
    if (key === 'Fn::GetAtt') {
      const [logicalId] = argument as [string, string];
      return ctx.resources?.[logicalId] ?? fakeArn(logicalId, ctx);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => resolveIntrinsics(part, ctx)).join(separator);
    }
    if (key.startsWith('Fn::')) throw new Error(`unsupported intrinsic ${key}`);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, ctx)]));
}
