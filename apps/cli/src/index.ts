/**
 * @guardrail/cli as a library: the program tests and embedders run in-process. The executable
 * is bin.ts (bundled into dist/guardrail.cjs by scripts/build.ts).
 */
export { buildProgram, processIo, run, TOP_HELP_WIDTH } from './main';
export { CLI_VERSION } from './version';
