/**
 * Run in a child process by reference-throughput.ts, from either tree: the 10-instances throughput
 * scenario (state in memory, then the state table on), printed as one JSON line. It imports only
 * what both trees have (scenarios.ts and world.ts are copied beside it in the reference tree).
 */
import { throughput } from './scenarios';

async function main(): Promise<void> {
  const memory = await throughput(10, { model: 'lambda' });
  const table = await throughput(10, { model: 'lambda', stateTable: true });
  process.stdout.write(
    `${JSON.stringify({ memory: memory.eventsPerSecond, table: table.eventsPerSecond })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
