import type { EngineLogger } from '@guardrail/engine';
import type { CliIo } from '../io';

/** The engine's log as JSON lines on stderr: warnings and errors always, info with --verbose. */
export function stderrLogger(io: CliIo, verbose: boolean): EngineLogger {
  const line = (level: string) => (message: string, attributes?: Record<string, unknown>) =>
    io.stderr(`${JSON.stringify({ level, message, ...attributes })}\n`);
  const quiet = () => {};
  return {
    debug: quiet,
    info: verbose ? line('INFO') : quiet,
    warn: line('WARN'),
    error: line('ERROR'),
  };
}
