import { type AttributeValue, type Item, numberOf, typeOf, validation } from './values';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableSpec {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** The TTL attribute (Number, epoch seconds); items past it are gone. */
  ttlAttribute?: string;
}

/**
 * One table's items by key. TTL is honoured lazily: an item whose TTL attribute is in the past
 * (on the sandbox clock) is deleted when next touched, as if DynamoDB's TTL sweeper had run.
 */
export class Table {
  private readonly items = new Map<string, Item>();
  readonly createdAt: Date;

  constructor(
    readonly arn: string,
    readonly spec: TableSpec,
    private readonly now: () => Date,
  ) {
    this.createdAt = now();
  }

  get ttlAttribute(): string | undefined {
    return this.spec.ttlAttribute;
  }

  enableTtl(attribute: string | undefined): void {
    this.spec.ttlAttribute = attribute;
  }

  /** The key of an item or of a `Key` parameter: exactly the key attributes, of their declared types. */
  keyOf(source: Item, exact: boolean): string {
    const attributes = [this.spec.partitionKey, ...(this.spec.sortKey ? [this.spec.sortKey] : [])];
    if (exact && Object.keys(source).length !== attributes.length)
      throw validation('The provided key element does not match the schema');
    const parts = attributes.map((attribute) => {
      const value = source[attribute.name];
      if (value === undefined)
        throw validation(
          exact
            ? 'The provided key element does not match the schema'
            : `One or more parameter values were invalid: Missing the key ${attribute.name} in the item`,
        );
      if (typeOf(value) !== attribute.type)
        throw validation(
          `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`,
        );
      const raw = (value as Record<string, unknown>)[attribute.type];
      if (raw === '')
        throw validation(
          'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value.',
        );
      return JSON.stringify(raw);
    });
    return parts.join('|');
  }

  /** The live item at a key (an expired one is deleted first). */
  get(key: string): Item | undefined {
    const item = this.items.get(key);
    if (item && this.expired(item)) {
      this.items.delete(key);
      return undefined;
    }
    return item;
  }

  put(key: string, item: Item): void {
    this.items.set(key, item);
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  /** Live items, for assertions. */
  scan(): Item[] {
    return [...this.items.keys()].flatMap((key) => {
      const item = this.get(key);
      return item ? [structuredClone(item)] : [];
    });
  }

  keyAttributes(): string[] {
    return [this.spec.partitionKey.name, ...(this.spec.sortKey ? [this.spec.sortKey.name] : [])];
  }

  private expired(item: Item): boolean {
    const attribute = this.spec.ttlAttribute;
    if (attribute === undefined) return false;
    const expiresAt = numberOf(item[attribute] as AttributeValue | undefined);
    // DynamoDB ignores a TTL that is not a Number.
    return expiresAt !== undefined && expiresAt * 1000 < this.now().getTime();
  }
}
