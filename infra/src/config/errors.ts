import { GuardrailError } from '@guardrail/core';

/** One problem in the deploy configuration: the dotted field path and what is wrong with it. */
export interface ConfigIssue {
  field: string;
  message: string;
}

/**
 * The deploy configuration cannot be used. The message is the file, then one `field: problem`
 * line per problem: what `pnpm synth` prints, and all it prints.
 */
export class DeployConfigError extends GuardrailError {
  override readonly name = 'DeployConfigError';
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[], options?: { cause?: unknown }) {
    const lines = issues.map((issue) => `  ${issue.field || '(file)'}: ${issue.message}`);
    super(`Invalid deploy configuration ${file}:\n${lines.join('\n')}`, options);
    this.file = file;
    this.issues = issues;
  }
}

/** No configuration to synthesize: none was given or found, and the example was not asked for. */
export class ConfigSourceError extends GuardrailError {
  override readonly name = 'ConfigSourceError';
}
