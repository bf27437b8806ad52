/** `guardrail plan` as the suites run it: the CLI in process, its output captured, a fixed clock. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/main';

export async function cli(args: string[], options: { color?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: options.color ?? false,
    now: () => new Date('2025-05-12T10:00:05Z'),
  });
  return { code, stdout, stderr };
}

/** A file in a fresh temporary folder: text as given, anything else as JSON. */
export function tempFile(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guardrail-cli-')), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
