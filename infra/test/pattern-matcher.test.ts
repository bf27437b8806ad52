import { matchesPattern } from './support/pattern-matcher';

describe('the test EventBridge pattern evaluator', () => {
  const event = {
    source: 'aws.ec2',
    detail: {
      name: 'CreateTags',
      items: [{ id: 'i-1' }, { id: 'sg-2' }],
      arns: ['arn:aws:ec2:x:1:security-group/sg-1'],
    },
  };

  it('matches exact values, and lists as any-of', () => {
    expect(matchesPattern({ source: ['aws.ec2'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.s3', 'aws.ec2'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['aws.s3'] }, event)).toBe(false);
    expect(matchesPattern({ missing: ['x'] }, event)).toBe(false);
  });

  it('applies prefix and wildcard, inside arrays of objects and of strings', () => {
    expect(matchesPattern({ detail: { items: { id: [{ prefix: 'sg-' }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { items: { id: [{ prefix: 'vpc-' }] } } }, event)).toBe(false);
    expect(
      matchesPattern({ detail: { arns: [{ wildcard: 'arn:aws*:ec2:*:*:security-group/*' }] } }, event),
    ).toBe(true);
    expect(matchesPattern({ detail: { arns: [{ wildcard: 'arn:aws*:ec2:*:*:instance/*' }] } }, event)).toBe(
      false,
    );
  });

  it('evaluates $or, exists and anything-but', () => {
    expect(
      matchesPattern({ $or: [{ source: ['aws.s3'] }, { detail: { name: ['CreateTags'] } }] }, event),
    ).toBe(true);
    expect(
      matchesPattern({ $or: [{ source: ['aws.s3'] }, { detail: { name: ['DeleteTags'] } }] }, event),
    ).toBe(false);
    expect(matchesPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { name: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { name: [{ 'anything-but': ['CreateTags'] }] } }, event)).toBe(false);
  });

  it('refuses operators it does not implement', () => {
    expect(() => matchesPattern({ source: [{ suffix: '.ec2' }] }, event)).toThrow(
      'unsupported operator suffix',
    );
  });
});
