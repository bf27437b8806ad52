/** From an incident to the alert the hub publishes (design.md section 6). */
import { alertAttributes } from './attributes';
import { alertDocument } from './document';
import { alertSubject } from './subject';
import { alertText } from './text';
import type { ComposedAlert, ComposeOptions, Incident } from './types';

/**
 * The alert for an incident, or undefined when there is nothing worth a message: an unmanaged
 * group, or a managed one with no violation and no failed action.
 */
export function composeAlert(incident: Incident, options: ComposeOptions = {}): ComposedAlert | undefined {
  const document = alertDocument(incident, options);
  if (!document) return undefined;
  const subject = alertSubject(document);
  return {
    subject,
    text: alertText(document, subject),
    document,
    severity: document.severity,
    attributes: alertAttributes(document),
  };
}
