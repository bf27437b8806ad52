import { GuardrailError } from '@guardrail/core';

/** One problem in the deploy configuration: the dotted field path and what is wrong with it. */
export interface ConfigIssue {
  field: string;
  message: string;
}

/** The deploy configuration cannot be used; the message names the file and every bad field. */
export class DeployConfigError extends GuardrailError {
  override readonly name = 'DeployConfigError';
  readonly file: string;
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[], options?: { cause?: unknown }) {
    const lines = issues.map((issue) => `  - ${issue.field || '(root)'}: ${issue.message}`);
    super(`Invalid deploy configuration ${file}:\n${lines.join('\n')}`, options);
    this.file = file;
    this.issues = issues;
  }
}
