import { GuardrailError } from '../errors';

/**
 * A stored sweep document that is not one Guardrail writes: bad JSON, a missing or mistyped
 * field, another schema version, or a document that disagrees with its key. `key` names the
 * object and `path` the field (`groups[2].severity`; empty for the whole document).
 */
export class SweepDocumentError extends GuardrailError {
  override readonly name = 'SweepDocumentError';
  constructor(
    readonly key: string,
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${path || '(root)'}: ${problem}`, options);
  }
}
