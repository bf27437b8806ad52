/**
 * Bad input is reported as one line on stderr, whatever the input holds: a line break or other
 * control character in a value (or in a JSON parser's quote of the text) is written as its
 * escape (`\n`, `\u0000`), not printed.
 */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f || code === 0x2028 || code === 0x2029;
}

export function oneLine(text: string): string {
  let line = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (!isControl(code)) line += c;
    else if (code < 0x20) line += JSON.stringify(c).slice(1, -1);
    else line += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return line;
}
