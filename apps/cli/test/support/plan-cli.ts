/** `guardrail plan` as the suites run it: the CLI in process, its output captured, a fixed clock. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsOverrides } from '@guardrail/engine';
import { run } from '../../src/main';
import type { PlanIo } from '../../src/plan/stdin';

export interface CliOptions {
  color?: boolean;
  /** What standard input holds (`--group -`, `--rules -`). */
  stdin?: string;
  /** The environment the command sees (default: none, whatever the test process has). */
  env?: Record<string, string | undefined>;
  /** The AWS overrides of a live plan (the sandbox's plugin and a caller's credentials). */
  aws?: AwsOverrides;
}

export async function cli(args: string[], options: CliOptions = {}) {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const io: PlanIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: options.color ?? false,
    now: () => new Date('2025-05-12T10:00:05Z'),
    env: options.env ?? {},
    ...(options.aws ? { aws: options.aws } : {}),
    readStdin: async () => {
      stdinReads += 1;
      if (options.stdin === undefined) throw new Error('the test gave no standard input');
      return options.stdin;
    },
  };
  const code = await run(args, io);
  return { code, stdout, stderr, stdinReads };
}

/** A file in a fresh temporary folder: text as given, anything else as JSON. */
export function tempFile(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guardrail-cli-')), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
