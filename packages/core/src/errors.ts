/**
 * The root of Guardrail's typed errors. Every error sets `name` (so logs and `instanceof`-free
 * checks can tell them apart) and keeps the underlying `cause`.
 */
export class GuardrailError extends Error {
  override readonly name: string = 'GuardrailError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An error as one line for a log or a reason: `Name: message`, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
