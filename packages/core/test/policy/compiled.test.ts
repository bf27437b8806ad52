import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COMPILED_POLICIES_FORMAT,
  COMPILED_POLICIES_VERSION,
  compiledPoliciesText,
  loadCompiledPolicies,
  parseCompiledPolicies,
} from '../../src/policy/compiled';
import { PolicyFileError } from '../../src/policy/errors';
import { loadPolicies } from '../../src/policy/load-policies';
import { SHIPPED_POLICIES } from '../../src/policy/shipped';

const repo = join(__dirname, '..', '..', '..', '..');
const example = loadPolicies({ file: join(repo, 'examples', 'policies.yaml') });

function issue(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyFileError);
    expect((error as PolicyFileError).issues).toHaveLength(1);
    return (error as PolicyFileError).message;
  }
  throw new Error('no PolicyFileError thrown');
}

describe('compiled policies', () => {
  it('round-trip: what the YAML loader validated is what the compiled reader returns', () => {
    for (const policies of [example, SHIPPED_POLICIES]) {
      const text = compiledPoliciesText(policies);
      expect(parseCompiledPolicies(text, 'p.json')).toEqual(policies);
    }
    const document = JSON.parse(compiledPoliciesText(example));
    expect(document).toMatchObject({ format: COMPILED_POLICIES_FORMAT, version: COMPILED_POLICIES_VERSION });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a file changed after synth (the checksum), naming the file', () => {
    const document = JSON.parse(compiledPoliciesText(example));
    document.policies.policies['web-public'].mode = 'audit';
    expect(issue(() => parseCompiledPolicies(JSON.stringify(document), 'p.json'))).toBe(
      'p.json: checksum mismatch: the policies were changed after synth (synthesize again)',
    );
  });

  it('refuses what is not JSON, not a compiled document, of another version, or without policies', () => {
    const good = JSON.parse(compiledPoliciesText(SHIPPED_POLICIES));
    expect(issue(() => parseCompiledPolicies('version: 1\n', 'p.json'))).toMatch(/^p\.json: not JSON: /);
    expect(issue(() => parseCompiledPolicies('null', 'p.json'))).toMatch(/not a compiled policy file/);
    expect(issue(() => parseCompiledPolicies('{"version":1,"policies":{}}', 'p.json'))).toMatch(
      /not a compiled policy file/,
    );
    expect(issue(() => parseCompiledPolicies(JSON.stringify({ ...good, version: 2 }), 'p.json'))).toBe(
      'p.json: compiled policy file version 2, this hub reads version 1: synthesize again',
    );
    for (const policies of [undefined, null, 'x']) {
      expect(issue(() => parseCompiledPolicies(JSON.stringify({ ...good, policies }), 'p.json'))).toBe(
        'p.json: has no policies',
      );
    }
  });

  it('reads a file, and turns an unreadable one into a PolicyFileError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardrail-compiled-'));
    const file = join(dir, 'policies.json');
    writeFileSync(file, compiledPoliciesText(example));
    expect(loadCompiledPolicies(file)).toEqual(example);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    const missing = join(dir, 'missing.json');
    expect(issue(() => loadCompiledPolicies(missing))).toMatch(`${missing}: cannot read:`);
  });
});
