/** What both dlq commands take from the outside, and how they end a scan. */
import { errorText } from '@guardrail/core';
import type { AwsOverrides } from '@guardrail/engine';
import { CliCommandFailed, type CliIo } from '../io';
import type { QueueScan } from './scan';

export interface DlqDeps {
  io: CliIo;
  /** Extra client plugins and credentials (the sandbox's, in tests). */
  aws?: AwsOverrides;
  /** Long-poll wait of each receive (default 1 s; tests on the sandbox use 0). */
  waitSeconds?: number;
}

export const DEFAULT_WAIT_SECONDS = 1;

/** Makes the held messages visible again; one that cannot be reappears by itself after the timeout. */
export async function releaseAll(scan: QueueScan, io: CliIo, visibilitySeconds: number): Promise<void> {
  for (const failure of await scan.release()) {
    io.stderr(
      `warning: could not make ${failure.messageId} visible again (${errorText(failure.error)}); it reappears within ${visibilitySeconds} s\n`,
    );
  }
}

/** Says why on stderr; the error makes the command exit with status 1. */
export function failed(io: CliIo, message: string, cause?: unknown): CliCommandFailed {
  io.stderr(`error: ${message}\n`);
  return new CliCommandFailed(message, { cause });
}
