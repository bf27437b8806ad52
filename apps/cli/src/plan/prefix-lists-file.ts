/**
 * `--prefix-lists <file>`: the output of `aws ec2 get-managed-prefix-list-entries --prefix-list-id X`,
 * keyed by list id: `{ "pl-...": { "Entries": [{ "Cidr": "0.0.0.0/0" }] } }`. Strict: a bad id,
 * CIDR or key is an error naming the file, the JSON path and the value. Every list given is
 * matched as the CIDRs it holds (the file does not say who owns it).
 */
import {
  CidrError,
  formatPath,
  type PrefixListResolution,
  parseCidr,
  prefixListIdsOf,
  type SecurityGroupState,
} from '@guardrail/core';
import { CliInputError } from '../io';
import { isJsonObject } from './group-input';
import { readJsonInput } from './read-json';

/** A managed prefix list id: `pl-` and 8 (AWS-managed lists) or 17 hex digits. */
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8}([0-9a-f]{9})?$/;

type JsonPath = (string | number)[];

export function readPrefixListsFile(file: string): Map<string, PrefixListResolution> {
  const json = readJsonInput(file);
  const fail = (path: JsonPath, message: string): never => {
    throw new CliInputError(`${file}: ${path.length > 0 ? formatPath(path) : '(root)'}: ${message}`);
  };
  const onlyKeys = (value: Record<string, unknown>, path: JsonPath, allowed: string[]) => {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) fail([...path, key], `unknown key (expected ${allowed.join(' or ')})`);
    }
  };
  if (!isJsonObject(json)) {
    return fail(
      [],
      'expected an object of prefix list ids, e.g. { "pl-0123456789abcdef0": { "Entries": [...] } }',
    );
  }
  const lists = new Map<string, PrefixListResolution>();
  for (const [id, value] of Object.entries(json)) {
    if (!PREFIX_LIST_ID.test(id))
      fail([id], `${JSON.stringify(id)} is not a prefix list id (pl- and 8 or 17 hex digits)`);
    if (!isJsonObject(value))
      fail([id], 'expected the output of get-managed-prefix-list-entries: { "Entries": [...] }');
    const output = value as Record<string, unknown>;
    if (typeof output.NextToken === 'string' && output.NextToken !== '') {
      fail([id, 'NextToken'], 'the output is one page of the list only: read it whole (without --max-items)');
    }
    onlyKeys(output, [id], ['Entries', 'NextToken']);
    const entries = output.Entries;
    if (!Array.isArray(entries))
      fail([id, 'Entries'], `expected an array, got ${JSON.stringify(entries) ?? 'nothing'}`);
    const cidrs = (entries as unknown[]).map((entry, i) => {
      const path = [id, 'Entries', i];
      if (!isJsonObject(entry)) return fail(path, `expected { "Cidr": ... }, got ${JSON.stringify(entry)}`);
      onlyKeys(entry, path, ['Cidr', 'Description']);
      if (typeof entry.Cidr !== 'string')
        return fail([...path, 'Cidr'], `expected a CIDR, got ${JSON.stringify(entry.Cidr) ?? 'nothing'}`);
      if (entry.Description !== undefined && typeof entry.Description !== 'string') {
        fail([...path, 'Description'], `expected a string, got ${JSON.stringify(entry.Description)}`);
      }
      try {
        parseCidr(entry.Cidr);
      } catch (error) {
        if (error instanceof CidrError) fail([...path, 'Cidr'], error.message);
        throw error;
      }
      return entry.Cidr;
    });
    lists.set(id, { id, owner: 'customer', entries: cidrs });
  }
  return lists;
}

/** The lists the group references and the file lacks: unverifiable, and said so. */
export function withMissingLists(
  lists: ReadonlyMap<string, PrefixListResolution>,
  group: SecurityGroupState,
  file: string,
): Map<string, PrefixListResolution> {
  const all = new Map(lists);
  for (const id of prefixListIdsOf(group.rules)) {
    if (!all.has(id)) all.set(id, { id, unreadable: true, reason: `not in ${file}` });
  }
  return all;
}
