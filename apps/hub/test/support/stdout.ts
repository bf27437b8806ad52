/**
 * Captures what Powertools writes (JSON log lines and EMF blobs) during a test: stdout, and
 * stderr where warnings and errors go, in the order written.
 */
export interface CapturedStdout {
  lines: () => Record<string, unknown>[];
  raw: () => string[];
  restore: () => void;
}

export function captureStdout(): CapturedStdout {
  const chunks: string[] = [];
  const write = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(write),
    jest.spyOn(process.stderr, 'write').mockImplementation(write),
  ];
  const raw = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  return {
    raw,
    // Node's own warnings (the SDK's runtime deprecation notice) are plain text: not ours to parse.
    lines: () =>
      raw()
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/**
 * Captures stdout around every test of the file (its own beforeEach and afterEach); what it
 * returns reads the running test's capture. DEBUG_HUB=1 writes each test's output after it.
 */
export function captureStdoutPerTest(): Pick<CapturedStdout, 'lines' | 'raw'> {
  let current: CapturedStdout | undefined;
  beforeEach(() => {
    current = captureStdout();
  });
  afterEach(() => {
    current?.restore();
    if (process.env.DEBUG_HUB) process.stdout.write(`${current?.raw().join('\n')}\n`);
  });
  const running = (): CapturedStdout => {
    if (!current) throw new Error('stdout is captured only while a test runs');
    return current;
  };
  return { lines: () => running().lines(), raw: () => running().raw() };
}

/** The EMF blobs among the lines, as { name: value } with their dimensions. */
export function emfMetrics(
  lines: Record<string, unknown>[],
): { name: string; value: unknown; dimensions: Record<string, unknown> }[] {
  const out: { name: string; value: unknown; dimensions: Record<string, unknown> }[] = [];
  for (const line of lines) {
    const aws = line._aws as
      | { CloudWatchMetrics?: { Metrics: { Name: string }[]; Dimensions: string[][] }[] }
      | undefined;
    for (const block of aws?.CloudWatchMetrics ?? []) {
      const dimensions: Record<string, unknown> = {};
      for (const name of block.Dimensions.flat()) dimensions[name] = line[name];
      for (const metric of block.Metrics)
        out.push({ name: metric.Name, value: line[metric.Name], dimensions });
    }
  }
  return out;
}
