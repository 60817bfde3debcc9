/**
 * A privileged account without any phishing-resistant factor. An enrolled factor whose method is not readable
 * (strength `unknown`) may be one: the account is left to the method policy's `unknown`, not reported as lacking.
 */
import type { Finding, FindingRule } from '../../model/finding.js';
import { accountSubject, describeAccount, finding, isInteractive, privilegeReferences, type ReconcileRuleInput } from './reconcile-rule-input.js';

export const privilegedWithoutPhishingResistant: FindingRule<ReconcileRuleInput> = {
  id: 'privileged-without-phishing-resistant',
  title: 'A privileged account has no phishing-resistant factor',
  severity: 'high',
  rationale:
    'Push, codes and SMS are relayed by adversary-in-the-middle phishing kits as easily as the password. Only origin-bound factors (FIDO2 keys, passkeys, Windows Hello, certificates) stop that, and administrators are who those kits target.',
  remediation: 'Enrol a FIDO2 key, passkey, Windows Hello or certificate for the account, then require it for administrative sign-ins.',
  references: [...privilegeReferences, 'CIR 2024/2690 11.6.3'],
  evaluate({ reconciliation }) {
    const findings: Finding[] = [];
    for (const entry of reconciliation.accounts) {
      const { account } = entry;
      if (!account.privileged || !isInteractive(entry) || account.mfaRegistered.value === 'unknown' || account.factors.some((factor) => factor.strength === 'phishing-resistant' || factor.strength === 'unknown')) continue;
      const types = [...new Set(account.factors.map((factor) => factor.type))];
      findings.push(finding(this.id, this.severity, accountSubject(entry), `${describeAccount(entry)} is privileged (${account.roles.join(', ') || 'privileged'}) and its factors are ${types.length > 0 ? types.join(', ') : 'none'}: none is phishing-resistant.`));
    }
    return findings;
  },
};
