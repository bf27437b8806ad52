import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';

/** A middleware plugin for any SDK v3 client (the sandbox's interceptor is one). */
// biome-ignore lint/suspicious/noExplicitAny: Pluggable is generic over each client's input/output unions.
export type ClientPlugin = Pluggable<any, any>;

/** What every adapter client shares. */
export interface AwsOptions {
  /** Region for non-regional calls (STS, SNS, Organizations, SQS); the SDK's own resolution when absent. */
  region?: string;
  /** Added to the middleware stack of every client created (and of the STS client behind AssumeRole). */
  plugins?: ClientPlugin[];
  /** Attempts per call, the first included, with adaptive retry (backoff, jitter, client-side rate limiting). */
  maxAttempts?: number;
  /**
   * The hub's own credentials; the SDK's default chain when absent (the Lambda role). Set by the
   * demo and tests, which run as a sandbox principal.
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-attempt limits, so one hung endpoint cannot hold a batch until the Lambda times out. */
  timeouts?: Partial<ClientTimeouts>;
}

export interface ClientTimeouts {
  /** To establish the TCP/TLS connection. */
  connectionMs: number;
  /** From the request sent to the response's first byte, per attempt (retries get their own). */
  requestMs: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * A connection is up in milliseconds inside a region and an AWS API answers in well under a
 * second; a describe of a 1,000-rule group or a 1,000-account page takes a few. These bound a
 * hung endpoint at 3 + 10 s per attempt, retried by the SDK, well inside the hub's timeout.
 */
export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectionMs: 3_000, requestMs: 10_000 };

/**
 * The configuration every client gets. Endpoints are never set here, so the SDK resolves them the
 * standard way (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, shared config), and so does the
 * region when none is given (`AWS_REGION`).
 */
export function baseClientConfig(opts: AwsOptions): {
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  retryMode: 'adaptive';
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true };
  cacheMiddleware: true;
} {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  return {
    ...(opts.region === undefined ? {} : { region: opts.region }),
    ...(opts.credentials === undefined ? {} : { credentials: opts.credentials }),
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
    // The SDK builds its Node HTTP handler from these options; without throwOnRequestTimeout an
    // exceeded request timeout is only a logged warning and the call goes on waiting.
    requestHandler: {
      connectionTimeout: timeouts.connectionMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
    // The SDK resolves each client's middleware stack once instead of on every call (about a tenth
    // of the hub's CPU per event). Safe: plugins are added right after a client is built, before
    // its first call (withPlugins), and the stack never changes after that.
    cacheMiddleware: true,
  };
}

/** Adds the plugins to a freshly built client and returns it. */
export function withPlugins<C extends { middlewareStack: { use(plugin: ClientPlugin): void } }>(
  client: C,
  plugins: readonly ClientPlugin[] | undefined,
): C {
  for (const plugin of plugins ?? []) client.middlewareStack.use(plugin);
  return client;
}
