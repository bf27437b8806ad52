/**
 * The `guardrail` command line. `buildProgram(io)` is what tests run in-process; executed
 * directly (`tsx apps/cli/src/main.ts ...`), this file runs it on the real process. The
 * `guardrail` executable (bin.ts, bundled by scripts/build.ts) loads this module only for a
 * command: `--version` and the top-level `--help` are answered without it.
 */
import { Command, CommanderError } from 'commander';
import { registerBaselineCommand } from './commands/baseline';
import { registerDemoCommand } from './commands/demo';
import { registerDlqCommand } from './commands/dlq';
import { registerHubCommand } from './commands/hub-run';
import { registerPlanCommand } from './commands/plan';
import { registerReportCommand } from './commands/report';
import { registerSweepCommand } from './commands/sweep';
import { CliCommandFailed, CliInputError, type CliIo, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './io';
import { prepareProcess } from './process-setup';
import { CLI_VERSION } from './version';

/**
 * The width the top-level help is wrapped to, whatever the terminal: the executable prints that
 * help as rendered at build time (bin.ts), so the program renders it the same way everywhere.
 */
export const TOP_HELP_WIDTH = 80;

export function buildProgram(io: CliIo): Command {
  const program = new Command('guardrail')
    .description('Keeps every EC2 security group of an AWS Organization inside its policy.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showHelpAfterError(false)
    .version(CLI_VERSION, '-V, --version', 'print the version');
  registerPlanCommand(program, io);
  registerReportCommand(program, io);
  registerDemoCommand(program, io);
  registerHubCommand(program, io);
  registerSweepCommand(program, io);
  registerDlqCommand(program, io);
  registerBaselineCommand(program, io);
  // Sub-commands inherit the output and the exit override.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    });
  }
  // After the sub-commands are made (they copy the help settings when made): only this one.
  program.configureHelp({ helpWidth: TOP_HELP_WIDTH });
  return program;
}

/** Runs the CLI; resolves to the exit status (0 done, 2 bad input, 1 a command that failed or anything unexpected). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors (commander already printed them) are bad input.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof CliCommandFailed) return EXIT_FAILED;
    if (error instanceof CliInputError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    now: () => new Date(),
  };
}

if (require.main === module) {
  prepareProcess();
  run(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
