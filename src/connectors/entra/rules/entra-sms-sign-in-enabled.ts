/** SMS sign-in: a text message code used as the only credential, with no password at all. */
import type { FindingRule } from '../../../model/finding.js';
import { groupLabel } from '../entra-tenant.js';
import { finding, policySubject, strengthReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraSmsSignInEnabled: FindingRule<EntraRuleInput> = {
  id: 'entra-sms-sign-in-enabled',
  title: 'SMS sign-in is enabled',
  severity: 'medium',
  rationale:
    'With SMS sign-in a code texted to the phone number replaces the password: one intercepted or SIM-swapped message signs the user in, and MFA policies see a single weak factor.',
  remediation:
    'In the authentication methods policy, edit the SMS method and clear "Use for sign-in" for every target group; keep SMS for MFA only where nothing stronger is possible.',
  references: strengthReferences,
  evaluate({ tenant }) {
    const policy = tenant.authenticationMethodsPolicy;
    if (!policy.readable) return [];
    const sms = policy.value.authenticationMethodConfigurations.find((configuration) => configuration.id.toLowerCase() === 'sms');
    if (!sms || sms.state !== 'enabled') return [];
    const targets = (sms.includeTargets ?? []).filter((target) => target.isUsableForSignIn === true);
    if (targets.length === 0) return [];
    const who = targets.map((target) => (target.id === 'all_users' ? 'all users' : groupLabel(tenant, target.id))).join(', ');
    return [finding(this.id, this.severity, policySubject(tenant, { id: `authenticationMethodsPolicy/${sms.id}`, displayName: 'Authentication methods policy: SMS' }), `SMS can be used to sign in without a password by ${who}.`)];
  },
};
