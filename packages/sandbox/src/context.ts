import type { AccessKey } from './credentials';
import type { ServiceName } from './types';

/** Everything a handler knows about the call it serves. */
export interface CallContext {
  service: ServiceName;
  operation: string;
  region: string;
  requestId: string;
  key: AccessKey;
  principalArn: string;
  /** The calling principal's account: the account the call acts in. */
  accountId: string;
  /** The SDK's `user-agent` header. */
  userAgent: string;
  abortSignal?: AbortSignal;
}

export type Input = Record<string, unknown>;

/** One operation of one service: input in, output out (without `$metadata`), or an ApiError thrown. */
export type Handler = (input: Input, ctx: CallContext) => object | Promise<object>;
