/** EventBridge ARNs: `event-bus/<name>`, and `rule/<name>` on the default bus or `rule/<bus>/<name>` on another. */

export const DEFAULT_BUS = 'default';

export interface BusRef {
  partition: string;
  region: string;
  account: string;
  name: string;
}

export function busArn(ref: BusRef): string {
  return `arn:${ref.partition}:events:${ref.region}:${ref.account}:event-bus/${ref.name}`;
}

export function ruleArn(bus: BusRef, ruleName: string): string {
  const path = bus.name === DEFAULT_BUS ? ruleName : `${bus.name}/${ruleName}`;
  return `arn:${bus.partition}:events:${bus.region}:${bus.account}:rule/${path}`;
}

/** The bus an `event-bus/` ARN names, or undefined for any other ARN. */
export function parseBusArn(arn: string): BusRef | undefined {
  const match = arn.match(/^arn:([^:]+):events:([^:]+):(\d{12}):event-bus\/([/.\-_A-Za-z0-9]+)$/);
  if (!match) return undefined;
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

/** Any ARN, as far as EventBridge's own check of target and dead-letter ARNs goes. */
export function looksLikeArn(value: string): boolean {
  return /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(value);
}
