/** An SQS body is the EventBridge event as JSON text; a direct invocation hands the object itself. */
export type Decoded = { ok: true; event: unknown } | { ok: false; reason: string };

export function decodeBody(body: unknown): Decoded {
  if (typeof body !== 'string') return { ok: true, event: body };
  try {
    return { ok: true, event: JSON.parse(body) };
  } catch (error) {
    return {
      ok: false,
      reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The text written to the dead-letter queue: the body as received. */
export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}
