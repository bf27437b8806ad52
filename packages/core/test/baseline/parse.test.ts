import { BaselineError } from '../../src/baseline/errors';
import { parseBaseline, parseBaselineText } from '../../src/baseline/parse';
import { baseline } from './fixtures';

/** A baseline as its JSON reads back: plain data, edited freely by the cases below. */
const good = () => JSON.parse(JSON.stringify(baseline()));
type Doc = ReturnType<typeof good>;

/** The error a document with `edit` applied gets, as `source: path: problem`. */
function problem(edit: (doc: Doc) => void): string {
  const doc = good();
  edit(doc);
  try {
    parseBaseline(doc, 'b.json');
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineError);
    return (error as Error).message;
  }
  throw new Error('expected the baseline to be refused');
}

describe('parseBaseline', () => {
  it('reads back what Guardrail writes, through JSON', () => {
    const written = baseline();
    expect(parseBaselineText(JSON.stringify(written, null, 2), 'b.json')).toEqual(written);
    expect(parseBaseline(good())).toEqual(written);
  });

  it('keeps the note of who set it', () => {
    const doc = good();
    doc.setBy.note = 'CHG-42';
    expect(parseBaseline(doc).setBy).toEqual({
      principal: doc.setBy.principal,
      reason: 'accepted',
      note: 'CHG-42',
    });
  });

  it('reads every kind of peer and normalizes protocol spellings', () => {
    const doc = good();
    doc.rules = [
      {
        direction: 'ingress',
        protocol: '6',
        fromPort: 1,
        toPort: 2,
        peer: { kind: 'ipv6', cidr: '2001:db8::/32' },
      },
      {
        direction: 'egress',
        protocol: '1',
        fromPort: 8,
        toPort: -1,
        peer: { kind: 'prefixList', prefixListId: 'pl-0abc' },
      },
      {
        direction: 'ingress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: {
          kind: 'securityGroup',
          groupId: 'sg-0123456789abcdef1',
          userId: '444455556666',
          vpcId: 'vpc-1',
          vpcPeeringConnectionId: 'pcx-1',
        },
      },
    ];
    expect(parseBaseline(doc).rules).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 1,
        toPort: 2,
        peer: { kind: 'ipv6', cidr: '2001:db8::/32' },
      },
      {
        direction: 'egress',
        protocol: 'icmp',
        fromPort: 8,
        toPort: -1,
        peer: { kind: 'prefixList', prefixListId: 'pl-0abc' },
      },
      {
        direction: 'ingress',
        protocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: {
          kind: 'securityGroup',
          groupId: 'sg-0123456789abcdef1',
          userId: '444455556666',
          vpcId: 'vpc-1',
          vpcPeeringConnectionId: 'pcx-1',
        },
      },
    ]);
  });

  it.each<[string, (doc: Doc) => void, string]>([
    [
      'not an object',
      (doc) => Object.assign(doc, { rules: 'x' }),
      'b.json: rules: expected an array, got "x"',
    ],
    [
      'another schema version',
      (doc) => Object.assign(doc, { schemaVersion: 2 }),
      'b.json: schemaVersion: expected 1, got 2 (written by another version of Guardrail?)',
    ],
    ['an unknown key', (doc) => Object.assign(doc, { extra: true }), 'b.json: extra: unknown key'],
    [
      'a bad account',
      (doc) => Object.assign(doc, { account: '123' }),
      'b.json: account: "123" is not a 12-digit account id',
    ],
    [
      'a bad region',
      (doc) => Object.assign(doc, { region: 'mars' }),
      'b.json: region: "mars" is not an AWS region',
    ],
    [
      'a bad group id',
      (doc) => Object.assign(doc, { groupId: 'sg-x' }),
      'b.json: groupId: "sg-x" is not a security group id (sg-...)',
    ],
    ['no policy', (doc) => delete doc.policy, 'b.json: policy: is required'],
    [
      'version 0',
      (doc) => Object.assign(doc, { version: 0 }),
      'b.json: version: expected an integer of at least 1, got 0',
    ],
    [
      'a version in text',
      (doc) => Object.assign(doc, { version: '3' }),
      'b.json: version: expected an integer of at least 1, got "3"',
    ],
    ['no version', (doc) => delete doc.version, 'b.json: version: is required'],
    [
      'a bad instant',
      (doc) => Object.assign(doc, { setAt: '2026-02-30T00:00:00Z' }),
      'b.json: setAt: "2026-02-30T00:00:00Z" is not an ISO 8601 instant (2025-06-01T12:00:00.000Z)',
    ],
    [
      'a bad reason',
      (doc) => Object.assign(doc.setBy, { reason: 'because' }),
      'b.json: setBy.reason: expected one of captured, trusted-change, accepted, got "because"',
    ],
    [
      'an unknown setBy key',
      (doc) => Object.assign(doc.setBy, { when: 1 }),
      'b.json: setBy.when: unknown key',
    ],
    [
      'an empty note',
      (doc) => Object.assign(doc.setBy, { note: '' }),
      'b.json: setBy.note: expected a non-empty string, got ""',
    ],
    [
      'a rule that is no object',
      (doc) => doc.rules.push(3),
      'b.json: rules[4]: expected an object, got a number',
    ],
    [
      'an unknown rule key',
      (doc) => Object.assign(doc.rules[0], { ruleId: 'sgr-1' }),
      'b.json: rules[0].ruleId: unknown key',
    ],
    [
      'a bad direction',
      (doc) => Object.assign(doc.rules[0], { direction: 'in' }),
      'b.json: rules[0].direction: expected one of ingress, egress, got "in"',
    ],
    [
      'a bad protocol',
      (doc) => Object.assign(doc.rules[0], { protocol: 'tcpp' }),
      'b.json: rules[0].protocol: "tcpp" is not an IP protocol (tcp, udp, icmp, icmpv6, a protocol number 0 to 255, or -1 for all)',
    ],
    [
      'a port out of range',
      (doc) => Object.assign(doc.rules[0], { toPort: 70000 }),
      'b.json: rules[0].toPort: 70000 is not a port (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'ports out of order',
      (doc) => Object.assign(doc.rules[0], { fromPort: 6000 }),
      'b.json: rules[0].fromPort: 6000 is greater than ToPort 5432 (ports must be 0 to 65535, FromPort <= ToPort)',
    ],
    [
      'a port in text',
      (doc) => Object.assign(doc.rules[0], { fromPort: '22' }),
      'b.json: rules[0].fromPort: expected an integer of at least -1, got "22"',
    ],
    [
      'no peer',
      (doc) => delete doc.rules[0].peer,
      'b.json: rules[0].peer: expected an object, got a undefined',
    ],
    [
      'a bad peer kind',
      (doc) => Object.assign(doc.rules[0].peer, { kind: 'ip' }),
      'b.json: rules[0].peer.kind: expected one of ipv4, ipv6, prefixList, securityGroup, got "ip"',
    ],
    [
      'a CIDR of the wrong family',
      (doc) => Object.assign(doc.rules[0].peer, { kind: 'ipv6' }),
      'b.json: rules[0].peer.cidr: "10.0.0.0/8" is not an IPv6 CIDR block',
    ],
    [
      'an unknown peer key',
      (doc) => Object.assign(doc.rules[0].peer, { groupId: 'sg-0123456789abcdef0' }),
      'b.json: rules[0].peer.groupId: unknown key',
    ],
    [
      'a bad prefix list',
      (doc) => (doc.rules[0].peer = { kind: 'prefixList', prefixListId: 'pl-xyz' }),
      'b.json: rules[0].peer.prefixListId: "pl-xyz" is not a prefix list id (pl-...)',
    ],
    [
      'a bad peer group',
      (doc) => (doc.rules[2].peer.groupId = 'sg-1'),
      'b.json: rules[2].peer.groupId: "sg-1" is not a security group id (sg-...)',
    ],
    [
      'a bad peer account',
      (doc) => (doc.rules[2].peer.userId = 'me'),
      'b.json: rules[2].peer.userId: "me" is not an account id',
    ],
    [
      'a repeated rule',
      (doc) => doc.rules.push({ ...doc.rules[0], description: 'again' }),
      'b.json: rules[4]: repeats an earlier rule (same direction, protocol, ports and peer)',
    ],
    [
      'a history entry of an unknown shape',
      (doc) => Object.assign(doc.history[0], { rules: [] }),
      'b.json: history[0].rules: unknown key',
    ],
    [
      'a negative rule count',
      (doc) => Object.assign(doc.history[0], { ruleCount: -1 }),
      'b.json: history[0].ruleCount: expected an integer of at least 0, got -1',
    ],
    [
      'a history out of order',
      (doc) => Object.assign(doc.history[0], { version: 2 }),
      'b.json: history[0].version: 2 is not older than 2',
    ],
    [
      'a history entry not older than the baseline',
      (doc) => Object.assign(doc.history[1], { version: 3 }),
      'b.json: history[1].version: 3 is not older than 3',
    ],
    [
      'a history longer than is kept',
      (doc) => {
        doc.version = 30;
        doc.history = Array.from({ length: 21 }, (_, i) => ({ ...doc.history[0], version: i + 1 }));
      },
      'b.json: history: has 21 entries, at most 20 are kept',
    ],
  ])('refuses %s, naming the path', (_what, edit, message) => {
    expect(problem(edit)).toBe(message);
  });

  it('names the document itself when it is no object, and `baseline` by default', () => {
    expect(() => parseBaseline([])).toThrow('baseline: (root): expected an object, got an array');
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseBaselineText('{', 'b.json')).toThrow(BaselineError);
    expect(() => parseBaselineText('{')).toThrow(/^baseline: \(root\): not JSON: /);
  });

  it("lets an error that is not the document's through as it is", () => {
    const doc = good();
    Object.defineProperty(doc, 'rules', {
      enumerable: true,
      get() {
        throw new RangeError('boom');
      },
    });
    expect(() => parseBaseline(doc)).toThrow(RangeError);
  });
});
