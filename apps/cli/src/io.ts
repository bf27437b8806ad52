/**
 * What a command needs from the outside world, passed in so tests run the CLI in-process with
 * captured output. `main.ts` builds the real one from `process` (the only place that reads it).
 */
import { readFileSync } from 'node:fs';
import { GuardrailError } from '@guardrail/core';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour the text output (off when not a TTY or NO_COLOR is set). */
  color: boolean;
  /** The clock, for commands whose `--now` is not given. */
  now(): Date;
}

/** Bad input from the user (a file, a field, an option): one message, exit status 2. */
export class CliInputError extends GuardrailError {
  override readonly name = 'CliInputError';
}

/** A command ran but did not succeed (it has already said why): exit status 1. */
export class CliCommandFailed extends GuardrailError {
  override readonly name = 'CliCommandFailed';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Reads and parses a JSON file; failures name the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliInputError(`${file}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
