/**
 * Microsoft Authenticator push approvals without number matching. Current v1.0 payloads no longer carry the setting
 * (Microsoft enforces number matching for all tenants since 2023); older and beta payloads carry
 * `numberMatchingRequiredState` in `featureSettings` or per include target, and both shapes are read.
 */
import type { FindingRule } from '../../../model/finding.js';
import { finding, policySubject, strengthReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraNumberMatchingDisabled: FindingRule<EntraRuleInput> = {
  id: 'entra-number-matching-disabled',
  title: 'Authenticator push approvals without number matching',
  severity: 'medium',
  rationale:
    'Without number matching a push is a yes/no prompt: an attacker holding the password sends prompts until a tired user approves one (MFA fatigue), as in several public breaches.',
  remediation:
    'Set number matching to enabled for all users in the Microsoft Authenticator settings of the authentication methods policy (or remove the stale setting so Microsoft\'s enforced default applies), and show application name and location in the prompt.',
  references: strengthReferences,
  evaluate({ tenant }) {
    const policy = tenant.authenticationMethodsPolicy;
    if (!policy.readable) return [];
    const authenticator = policy.value.authenticationMethodConfigurations.find((configuration) => configuration.id.toLowerCase() === 'microsoftauthenticator');
    if (!authenticator || authenticator.state !== 'enabled') return [];
    const places: string[] = [];
    if (authenticator.featureSettings?.numberMatchingRequiredState?.state === 'disabled') places.push('featureSettings.numberMatchingRequiredState is disabled');
    for (const target of authenticator.includeTargets ?? []) {
      if (target.numberMatchingRequiredState === 'disabled') places.push(`include target ${target.id === 'all_users' ? 'all users' : target.id} has numberMatchingRequiredState disabled`);
    }
    if (places.length === 0) return [];
    return [
      finding(
        this.id,
        this.severity,
        policySubject(tenant, { id: `authenticationMethodsPolicy/${authenticator.id}`, displayName: 'Authentication methods policy: Microsoft Authenticator' }),
        `Microsoft Authenticator push is configured without number matching: ${places.join('; ')}.`,
      ),
    ];
  },
};
