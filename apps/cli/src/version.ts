/**
 * The CLI's version. One source: the `version` of apps/cli/package.json. The bundle
 * (scripts/build.ts) has it written in at build time (esbuild `define`), because the
 * installed package has no source tree to read it from; run from the sources (tsx, jest),
 * it is read from that package.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaced by the bundle build with the package.json version; absent when run from the sources. */
declare const GUARDRAIL_CLI_VERSION: string | undefined;

/** The `version` field of a package.json text (an error names the file when it has none). */
export function versionOf(packageJson: string, file: string): string {
  const parsed: unknown = JSON.parse(packageJson);
  const version = (parsed as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || version === '') throw new Error(`${file}: no "version" field`);
  return version;
}

function sourceVersion(): string {
  const file = join(__dirname, '..', 'package.json');
  return versionOf(readFileSync(file, 'utf8'), file);
}

export const CLI_VERSION: string =
  typeof GUARDRAIL_CLI_VERSION === 'string' ? GUARDRAIL_CLI_VERSION : sourceVersion();
