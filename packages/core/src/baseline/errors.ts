import { GuardrailError } from '../errors';

/**
 * A baseline document that is not one Guardrail writes (bad JSON, a missing, mistyped or unknown
 * field, another schema version), or a baseline asked of a policy that is no lock policy.
 * `source` names the document (a file, a table item) and `path` the field (`rules[2].peer.cidr`;
 * empty for the whole document).
 */
export class BaselineError extends GuardrailError {
  override readonly name = 'BaselineError';
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${path || '(root)'}: ${problem}`, options);
  }
}
