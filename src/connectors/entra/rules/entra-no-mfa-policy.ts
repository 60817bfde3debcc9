/** A tenant where nothing requires MFA: no enabled conditional-access policy asks for it and security defaults are off. */
import type { FindingRule } from '../../../model/finding.js';
import { requiresMfa } from '../evaluate-conditional-access.js';
import { finding, mfaReferences, tenantSubject, type EntraRuleInput } from './entra-rule-input.js';

export const entraNoMfaPolicy: FindingRule<EntraRuleInput> = {
  id: 'entra-no-mfa-policy',
  title: 'Nothing in the tenant requires MFA',
  severity: 'critical',
  rationale:
    'With security defaults off and no enabled conditional-access policy requiring MFA, every account signs in with a password alone, whatever methods its users registered.',
  remediation:
    'Enable a conditional-access policy requiring MFA for all users and all cloud apps (exclude only emergency-access accounts), or, without Entra ID P1, turn security defaults on.',
  references: mfaReferences,
  evaluate({ tenant, conditionalAccess }) {
    const { policies, securityDefaults } = conditionalAccess;
    if (!policies.readable || !securityDefaults.readable || securityDefaults.value) return [];
    if (policies.value.some((shape) => shape.state === 'enabled' && requiresMfa(shape))) return [];
    const dormant = policies.value.filter((shape) => shape.state !== 'enabled' && requiresMfa(shape)).map((shape) => `'${shape.policy.displayName}' (${shape.state})`);
    const note = dormant.length > 0 ? ` Policies that would require MFA are not enforced: ${dormant.join(', ')}.` : '';
    return [finding(this.id, this.severity, tenantSubject(tenant), `Security defaults are off and no enabled conditional-access policy requires MFA (${policies.value.length} policies read).${note}`)];
  },
};
