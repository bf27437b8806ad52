import { validation } from './values';

export type Token =
  | { kind: 'name'; text: string }
  | { kind: 'value'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'end'; text: '' };

const PATTERN = /\s*(?:(<=|>=|<>|[=<>(),+-])|(:[A-Za-z0-9_]+)|(#?[A-Za-z0-9_]+))/y;

/** Splits an expression into names (`#n`, `pk`, keywords), values (`:v`) and operators. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  PATTERN.lastIndex = 0;
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    PATTERN.lastIndex = at;
    const match = PATTERN.exec(expression);
    if (!match)
      throw validation(`Invalid expression: Syntax error; token: "${expression.slice(at, at + 10)}"`);
    if (match[1]) tokens.push({ kind: 'op', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2] });
    else tokens.push({ kind: 'name', text: match[3] ?? '' });
    at = PATTERN.lastIndex;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** A cursor over tokens, for the two small recursive-descent parsers. */
export class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '' };
  }

  next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  /** Consumes a keyword (case-insensitive) or operator when it comes next. */
  accept(text: string): boolean {
    const token = this.peek();
    const matches =
      token.kind === 'op' ? token.text === text : token.kind === 'name' && token.text.toUpperCase() === text;
    if (matches) this.index++;
    return matches;
  }

  expect(text: string): void {
    if (!this.accept(text)) this.fail();
  }

  fail(): never {
    const token = this.peek();
    throw validation(
      `Invalid expression: Syntax error; token: "${token.kind === 'end' ? '<EOF>' : token.text}"`,
    );
  }
}
