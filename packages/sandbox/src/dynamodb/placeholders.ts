import type { Input } from '../context';
import { type AttributeValue, typeOf, validation } from './values';

/**
 * ExpressionAttributeNames and ExpressionAttributeValues of one request. DynamoDB rejects a
 * placeholder that is used but not defined, and one that is defined but never used: so does this.
 */
export class Placeholders {
  private readonly names: Record<string, string>;
  private readonly values: Record<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(input: Input) {
    this.names = (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {};
    this.values = (input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined) ?? {};
    for (const value of Object.values(this.values)) typeOf(value);
  }

  name(token: string): string {
    if (!token.startsWith('#')) return token;
    const name = this.names[token];
    if (name === undefined)
      throw validation(
        `Invalid expression: An expression attribute name used in the document path is not defined; attribute name: ${token}`,
      );
    this.usedNames.add(token);
    return name;
  }

  value(token: string): AttributeValue {
    const value = this.values[token];
    if (value === undefined)
      throw validation(
        `Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${token}`,
      );
    this.usedValues.add(token);
    return value;
  }

  /** Call once every expression of the request is parsed. */
  checkAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length > 0)
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    const unusedValues = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length > 0)
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
  }
}
