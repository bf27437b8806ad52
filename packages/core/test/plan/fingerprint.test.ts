import fc from 'fast-check';
import { actionFingerprint, actionShape } from '../../src/plan/fingerprint';
import type { Rule } from '../../src/rules/types';
import { authorize, revoke, tcp } from '../alerts/builders';

const port = fc.integer({ min: 0, max: 65535 });
const rule = fc
  .tuple(port, fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '192.0.2.7/32'))
  .map(([p, cidr]) => tcp(p, cidr));

describe('actionFingerprint', () => {
  it('is 16 hex digits, and the same for the same action whatever its rule ids and descriptions', () => {
    fc.assert(
      fc.property(rule, fc.string(), fc.string(), (r, id, description) => {
        const again: Rule = { ...r, ruleId: `sgr-${id}`, description };
        const fingerprint = actionFingerprint(revoke(r));
        return /^[0-9a-f]{16}$/.test(fingerprint) && fingerprint === actionFingerprint(revoke(again));
      }),
    );
  });

  it('tells apart actions on other rules, of another type, or with other rules', () => {
    fc.assert(
      fc.property(rule, rule, (a, b) => {
        const same = actionShape(revoke(a)) === actionShape(revoke(b));
        return same === (actionFingerprint(revoke(a)) === actionFingerprint(revoke(b)));
      }),
    );
    const ssh = tcp(22);
    expect(actionFingerprint(revoke(ssh))).not.toBe(actionFingerprint(authorize([ssh])));
    expect(actionFingerprint(authorize([ssh]))).not.toBe(actionFingerprint(authorize([ssh, tcp(80)])));
    expect(actionShape(authorize([ssh, tcp(80)]))).toBe(
      'authorize|ingress|tcp|22:22|ipv4:0.0.0.0/0&ingress|tcp|80:80|ipv4:0.0.0.0/0',
    );
  });

  it('is stable across runs and machines (a shared breaker store keys on it)', () => {
    expect(actionFingerprint(revoke(tcp(22)))).toBe(actionFingerprint(revoke(tcp(22))));
    expect(actionFingerprint(revoke(tcp(22)))).toMatchInlineSnapshot(`"145e330ec4bc1693"`);
  });
});
