/**
 * The one setup file for test matchers, shared by every package's tests.
 * `toBeStructuredLog` checks a line is a Powertools-style JSON log with a level and a message.
 */
expect.extend({
  toBeStructuredLog(received: unknown, expected: { level?: string; message?: string } = {}) {
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = typeof received === 'string' ? JSON.parse(received) : (received as Record<string, unknown>);
    } catch {
      return { pass: false, message: () => `expected a JSON log line, got ${String(received)}` };
    }
    const ok =
      parsed !== null &&
      typeof parsed === 'object' &&
      typeof parsed.level === 'string' &&
      typeof parsed.message === 'string' &&
      (expected.level === undefined || parsed.level === expected.level) &&
      (expected.message === undefined || parsed.message === expected.message);
    return {
      pass: ok,
      message: () => `expected ${JSON.stringify(parsed)} to be a structured log ${JSON.stringify(expected)}`,
    };
  },
});

declare global {
  namespace jest {
    interface Matchers<R> {
      toBeStructuredLog(expected?: { level?: string; message?: string }): R;
    }
  }
}

export {};
