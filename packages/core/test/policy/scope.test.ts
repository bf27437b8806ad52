import { loadPolicyFile } from '../../src/policy/load';
import { usesOrganizationalUnitScope } from '../../src/policy/scope';

const file = (policies: string) => loadPolicyFile(`version: 1\npolicies:\n${policies}`, 'p.yaml');

describe('usesOrganizationalUnitScope', () => {
  it('is true when one policy among others is scoped to an OU or a root', () => {
    expect(
      usesOrganizationalUnitScope(
        file(
          '  plain: {}\n  by-account:\n    scope: { accounts: ["111122223333"] }\n  by-ou:\n    scope: { organizationalUnits: [ou-ab12-cdef3456] }\n',
        ),
      ),
    ).toBe(true);
    expect(
      usesOrganizationalUnitScope(file('  by-root:\n    scope: { organizationalUnits: [r-ab12] }\n')),
    ).toBe(true);
  });

  it('is false without any scope, with account scopes only, or an empty OU list', () => {
    expect(usesOrganizationalUnitScope(file('  plain: {}\n'))).toBe(false);
    expect(
      usesOrganizationalUnitScope(file('  by-account:\n    scope: { accounts: ["111122223333"] }\n')),
    ).toBe(false);
    expect(usesOrganizationalUnitScope(file('  empty:\n    scope: { organizationalUnits: [] }\n'))).toBe(
      false,
    );
    expect(usesOrganizationalUnitScope({ version: 1, policies: {}, exceptions: [] })).toBe(false);
  });
});
