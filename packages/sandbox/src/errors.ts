import { GuardrailError } from '@guardrail/core';

/** Misuse of the sandbox's own API (unknown account, duplicate id...): a bug in the test or demo. */
export class SandboxError extends GuardrailError {
  override readonly name: string = 'SandboxError';
}

/**
 * An AWS API error as the service would return it. Handlers throw this; the plugin turns it into
 * the SDK's real service exception class (so retry classification and `instanceof` work).
 */
export class ApiError extends GuardrailError {
  override readonly name: string = 'ApiError';
  /** Set by the dispatcher once the call has a request id. */
  requestId?: string;
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: 'client' | 'server' = status >= 500 ? 'server' : 'client',
  ) {
    super(message);
  }
}

/** What the SDK's node http handler throws when a request times out. */
export class SdkTimeoutError extends GuardrailError {
  override readonly name: string = 'TimeoutError';
}
