/**
 * `--group -` and `--rules -`: the JSON on standard input. CliIo has no reader for it, so the
 * plan command's io may carry one (tests give the text); without it, file descriptor 0 is read
 * whole. A terminal is refused rather than waited on: the user meant to pipe a command's output.
 */
import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { AwsOverrides } from '@guardrail/engine';
import { CliInputError, type CliIo } from '../io';

/** The argument that means standard input. */
export const STDIN = '-';
/** How messages name standard input (where they name a file otherwise). */
export const STDIN_NAME = 'stdin';

/** What plan reads beyond CliIo, each injectable (tests) and read from the process otherwise. */
export interface PlanIo extends CliIo {
  /** The whole of standard input. */
  readStdin?: () => Promise<string>;
  /** The environment (the hub's tag key variables). */
  env?: Record<string, string | undefined>;
  /** Client plugins and credentials for a live plan (`--region`): the sandbox's, in tests. */
  aws?: AwsOverrides;
}

function readDescriptorZero(flag: string): string {
  if (isatty(0)) {
    throw new CliInputError(
      `${flag} -: standard input is a terminal: pipe the JSON in (aws ec2 describe-security-groups ... | guardrail plan ${flag} -)`,
    );
  }
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    throw new CliInputError(`${STDIN_NAME}: cannot read: ${(error as Error).message}`, { cause: error });
  }
}

/** The text of standard input, for `flag` (`--group`, named in the message when it cannot be read). */
export async function readStdinText(io: PlanIo, flag: string): Promise<string> {
  return io.readStdin ? io.readStdin() : readDescriptorZero(flag);
}
