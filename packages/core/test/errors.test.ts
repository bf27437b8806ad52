import { errorText, GuardrailError } from '../src/errors';

describe('GuardrailError', () => {
  it('sets its name and keeps the cause', () => {
    const cause = new Error('root');
    const error = new GuardrailError('wrapped', { cause });
    expect(error.name).toBe('GuardrailError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('errorText', () => {
  it('names an error by its name and message', () => {
    expect(errorText(new GuardrailError('no topic'))).toBe('GuardrailError: no topic');
    expect(errorText(new RangeError('too big'))).toBe('RangeError: too big');
  });

  it('writes a thrown value that is not an Error as text', () => {
    expect(errorText('boom')).toBe('boom');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
  });
});
