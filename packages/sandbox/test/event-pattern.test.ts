import { SandboxError } from '../src';
import { matchesPattern } from '../src/eventbridge/pattern-matcher';
import { InvalidEventPatternError, parseEventPattern } from '../src/eventbridge/pattern-syntax';

describe('the EventBridge pattern matcher', () => {
  const event = {
    source: 'aws.ec2',
    detail: {
      name: 'CreateTags',
      count: 3,
      items: [{ id: 'i-1' }, { id: 'sg-2' }],
      arns: ['arn:aws:ec2:x:1:security-group/sg-1'],
      requestParameters: { resourcesSet: { items: [{ resourceId: 'i-1' }, { resourceId: 'sg-2' }] } },
    },
  };

  it('matches exact values, a pattern list as any-of, numbers by value', () => {
    expect(matchesPattern({ source: ['aws.ec2'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.s3', 'aws.ec2'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.s3'] }, event)).toBe(false);
    expect(matchesPattern({ missing: ['x'] }, event)).toBe(false);
    expect(matchesPattern({ detail: { count: [3] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { count: ['3'] } }, event)).toBe(false);
  });

  it('requires every field of a nested object to match', () => {
    expect(matchesPattern({ source: ['aws.ec2'], detail: { name: ['CreateTags'] } }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.ec2'], detail: { name: ['DeleteTags'] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { nested: { deeper: ['x'] } } }, event)).toBe(false);
  });

  it('applies prefix, inside arrays of objects (any element may match)', () => {
    expect(matchesPattern({ detail: { items: { id: [{ prefix: 'sg-' }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { items: { id: [{ prefix: 'vpc-' }] } } }, event)).toBe(false);
    expect(
      matchesPattern(
        { detail: { requestParameters: { resourcesSet: { items: { resourceId: [{ prefix: 'sg-' }] } } } } },
        event,
      ),
    ).toBe(true);
    expect(matchesPattern({ source: [{ prefix: 'aws.' }] }, event)).toBe(true);
    expect(matchesPattern({ detail: { count: [{ prefix: '3' }] } }, event)).toBe(false); // strings only
  });

  it('applies wildcard (`*` across any characters) to arrays of strings', () => {
    expect(
      matchesPattern({ detail: { arns: [{ wildcard: 'arn:aws*:ec2:*:*:security-group/*' }] } }, event),
    ).toBe(true);
    expect(matchesPattern({ detail: { arns: [{ wildcard: 'arn:aws*:ec2:*:*:instance/*' }] } }, event)).toBe(
      false,
    );
    expect(matchesPattern({ source: [{ wildcard: 'aws.?c2' }] }, event)).toBe(false); // `?` is literal
  });

  it('evaluates $or at the top and at a nested level', () => {
    expect(
      matchesPattern({ $or: [{ source: ['aws.s3'] }, { detail: { name: ['CreateTags'] } }] }, event),
    ).toBe(true);
    expect(
      matchesPattern({ $or: [{ source: ['aws.s3'] }, { detail: { name: ['DeleteTags'] } }] }, event),
    ).toBe(false);
    expect(
      matchesPattern(
        { source: ['aws.ec2'], detail: { $or: [{ name: ['DeleteTags'] }, { count: [3] }] } },
        event,
      ),
    ).toBe(true);
    expect(
      matchesPattern(
        { source: ['aws.s3'], detail: { $or: [{ name: ['CreateTags'] }, { count: [3] }] } },
        event,
      ),
    ).toBe(false);
  });

  it('evaluates exists, on leaves and on absent objects', () => {
    expect(matchesPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { errorCode: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { name: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { name: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { absent: { code: [{ exists: false }] } } }, event)).toBe(true);
  });

  it('evaluates anything-but on plain values', () => {
    expect(matchesPattern({ detail: { name: [{ 'anything-but': ['CreateTags'] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { name: [{ 'anything-but': 'DeleteTags' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { count: [{ 'anything-but': [4] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { absent: [{ 'anything-but': ['x'] }] } }, event)).toBe(false);
  });

  it('refuses an operator it does not implement instead of answering "no match"', () => {
    expect(() => matchesPattern({ source: [{ suffix: '.ec2' }] }, event)).toThrow(SandboxError);
  });
});

describe('parseEventPattern (what PutRule accepts)', () => {
  it('parses a valid pattern', () => {
    expect(
      parseEventPattern('{"source":["aws.ec2"],"detail":{"$or":[{"a":[1]},{"b":[{"exists":true}]}]}}'),
    ).toEqual({ source: ['aws.ec2'], detail: { $or: [{ a: [1] }, { b: [{ exists: true }] }] } });
  });

  it.each([
    ['not JSON', '{source'],
    ['not an object', '["aws.ec2"]'],
    ['a bare string value', '{"source":"aws.ec2"}'],
    ['an empty array', '{"source":[]}'],
    ['a nested array', '{"source":[["aws.ec2"]]}'],
    ['an unknown operator', '{"source":[{"startsWith":"aws."}]}'],
    ['two operators in one object', '{"source":[{"prefix":"a","wildcard":"b"}]}'],
    ['a non-string prefix', '{"source":[{"prefix":1}]}'],
    ['a non-boolean exists', '{"source":[{"exists":"yes"}]}'],
    ['an empty $or', '{"$or":[]}'],
    ['an $or of values', '{"$or":["a"]}'],
  ])('refuses %s, as EventBridge does', (_label, text) => {
    expect(() => parseEventPattern(text)).toThrow(InvalidEventPatternError);
    expect(() => parseEventPattern(text)).toThrow(/^Event pattern is not valid\. Reason: /);
  });

  it('refuses, as a SandboxError, operators EventBridge has and the sandbox does not evaluate', () => {
    for (const text of [
      '{"source":[{"suffix":".ec2"}]}',
      '{"n":[{"numeric":[">",1]}]}',
      '{"ip":[{"cidr":"10.0.0.0/8"}]}',
      '{"s":[{"equals-ignore-case":"A"}]}',
      '{"s":[{"anything-but":{"prefix":"a"}}]}',
    ]) {
      expect(() => parseEventPattern(text)).toThrow(SandboxError);
    }
  });
});
