import { GuardrailError } from '../errors';

/** One problem in a policy file: where (a field path like `policies.x.ingress.deny[2].ports`) and what. */
export interface PolicyIssue {
  /** Field path; empty for the document itself or for YAML syntax errors. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

function formatIssue(file: string, issue: PolicyIssue): string {
  const where = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column})`;
  return issue.path
    ? `${file}: ${issue.path}: ${issue.message}${where}`
    : `${file}: ${issue.message}${where}`;
}

/** A policy file that does not parse or validate. The message lists every issue, one a line. */
export class PolicyFileError extends GuardrailError {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly file: string,
    readonly issues: PolicyIssue[],
    options?: { cause?: unknown },
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'), options);
  }
}
