/**
 * The `guardrail` executable: the bundle's entry (dist/guardrail.cjs, made by scripts/build.ts)
 * and what the launcher runs with tsx when nothing is built (scripts/launch.cjs).
 *
 * It answers `--version` and the top-level `--help` by itself and loads ./main (every command,
 * the AWS SDK clients, the sandbox: the bundle's dist/cli.cjs) only for a command, so those two
 * start in the time Node.js takes to start. The bundle's help text is what the full program
 * printed for `--help` when the bundle was built (scripts/build.ts runs the built dist/cli.cjs),
 * so the two cannot differ; from the sources there is no such text and the program prints it.
 */
import { prepareProcess } from './process-setup';
import { CLI_VERSION } from './version';

/** Replaced by the bundle build with the program's own top-level `--help` output. */
declare const GUARDRAIL_TOP_HELP: string | undefined;

/** The oldest Node.js major the CLI runs on (the `engines` of its package.json says the same). */
export const NODE_MIN_MAJOR = 20;

/** The refusal for a Node.js older than NODE_MIN_MAJOR; undefined when `version` is recent enough. */
export function unsupportedNode(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= NODE_MIN_MAJOR) return undefined;
  return `guardrail needs Node.js ${NODE_MIN_MAJOR} or later (22 LTS recommended); this is ${version}\n`;
}

/**
 * What to print for a call that needs no command loaded, or undefined when the program must run:
 * exactly `--version` / `-V`, or (when a built help text is given) exactly `--help` / `-h` / `help`.
 */
export function quickAnswer(argv: readonly string[], topHelp: string | undefined): string | undefined {
  if (argv.length !== 1) return undefined;
  const [arg] = argv;
  if (arg === '--version' || arg === '-V') return `${CLI_VERSION}\n`;
  if (topHelp !== undefined && (arg === '--help' || arg === '-h' || arg === 'help')) return topHelp;
  return undefined;
}

/** Runs the executable on the real process; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const refusal = unsupportedNode(process.version);
  if (refusal !== undefined) {
    process.stderr.write(refusal);
    return 1;
  }
  const quick = quickAnswer(argv, typeof GUARDRAIL_TOP_HELP === 'string' ? GUARDRAIL_TOP_HELP : undefined);
  if (quick !== undefined) {
    process.stdout.write(quick);
    return 0;
  }
  prepareProcess();
  const { processIo, run } = await import('./main');
  return run(argv, processIo());
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
