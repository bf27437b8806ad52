/** Loads the CloudTrail fixtures of test/fixtures/events, fresh copies each time (tests mutate them). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'events');

export type Json = Record<string, unknown>;

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

export function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Json;
}

/** The CloudTrail record of a fixture (its `detail` when it is an envelope). */
export function recordOf(event: Json): Json {
  return (event.detail as Json | undefined) ?? event;
}

/** Sets a value at a dotted path (`detail.requestParameters.groupId`), creating nothing. */
export function setAt(event: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: Json = event;
  for (const key of keys) target = target[key] as Json;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return event;
}
