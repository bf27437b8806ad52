import { GuardrailError } from '../src/errors';

describe('GuardrailError', () => {
  it('sets its name and keeps the cause', () => {
    const cause = new Error('root');
    const error = new GuardrailError('wrapped', { cause });
    expect(error.name).toBe('GuardrailError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });
});
