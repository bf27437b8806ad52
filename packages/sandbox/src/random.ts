/**
 * The sandbox's only source of randomness: a seeded PRNG (mulberry32), so that every id and every
 * probabilistic fault draw is the same from one run to the next for a given seed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  /** A version-4-shaped UUID (request ids, event ids, message ids). */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Id generators in the shapes AWS uses. */
export class IdFactory {
  constructor(private readonly random: SeededRandom) {}

  /** `sg-`, `sgr-`, `vpc-` ... followed by 17 hex digits. */
  resource(prefix: string): string {
    return `${prefix}-${this.random.hex(17)}`;
  }

  /** IAM unique ids: AIDA (user), AROA (role), AKIA (long-lived key), ASIA (temporary key). */
  iam(prefix: 'AIDA' | 'AROA' | 'AKIA' | 'ASIA'): string {
    return `${prefix}${this.random.chars(16, UPPER_ALNUM)}`;
  }

  /** An organization root: `r-` and 4 lowercase letters or digits. */
  root(): string {
    return `r-${this.random.chars(4, LOWER_ALNUM)}`;
  }

  /** An OU: `ou-`, the part of its root's id after `r-`, `-` and 8 lowercase letters or digits. */
  organizationalUnit(rootId: string): string {
    return `ou-${rootId.replace(/^r-/, '')}-${this.random.chars(8, LOWER_ALNUM)}`;
  }

  secret(): string {
    return this.random.chars(40, SECRET_ALPHABET);
  }

  sessionToken(): string {
    return `IQoJb3JpZ2luX2Vj${this.random.chars(120, SECRET_ALPHABET)}`;
  }

  uuid(): string {
    return this.random.uuid();
  }

  hex(length: number): string {
    return this.random.hex(length);
  }
}
