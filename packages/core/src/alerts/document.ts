/**
 * The alert document: every fact of an incident, machine-readable (schemaVersion 1). Subject,
 * text and attributes are rendered from it, so the three can never disagree. Each incident kind
 * builds its own (./kinds).
 */
import { kindModule } from './kinds/registry';
import type { AlertDocument, ComposeOptions, Incident } from './types';

/** The document of an incident; undefined when there is nothing worth a message. */
export function alertDocument(incident: Incident, options: ComposeOptions = {}): AlertDocument | undefined {
  return kindModule(incident.kind).document(incident, options);
}
