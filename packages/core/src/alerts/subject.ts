/**
 * The alert subject: one line within SNS's limit, e.g.
 * "[CRITICAL] Reverted tcp 22 from 0.0.0.0/0 on sg-0abc (prod 111122223333, eu-west-1)".
 * When too long, the least useful parts give way first (the account name, the count of other
 * findings, then the rule in words), so the severity, the verb, the group id, the account id
 * and the region stay readable. What happened is told by the incident's kind (./kinds).
 */
import { kindModule } from './kinds/registry';
import { fitSubject } from './subject-fit';
import type { AlertDocument } from './types';

export { fitSubject, headlineFinding, MAX_SUBJECT_LENGTH, type SubjectPiece } from './subject-fit';

export function alertSubject(document: AlertDocument): string {
  const { account, region } = document;
  return fitSubject([
    { text: `[${document.severity.toUpperCase()}] ` },
    ...kindModule(document.kind).subject(document),
    { text: ' (' },
    { text: account.name ? `${account.name} ` : '', shrink: 1 },
    { text: `${account.id}, ${region})` },
  ]);
}
