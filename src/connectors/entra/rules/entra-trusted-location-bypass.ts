/** An enabled MFA policy that leaves out trusted named locations: from there a password alone signs in. */
import type { FindingRule } from '../../../model/finding.js';
import { requiresMfa } from '../evaluate-conditional-access.js';
import { finding, isInteractive, locationSubject, mfaReferences, type EntraRuleInput } from './entra-rule-input.js';

export const entraTrustedLocationBypass: FindingRule<EntraRuleInput> = {
  id: 'entra-trusted-location-bypass',
  title: 'An MFA policy does not apply from a trusted location',
  severity: 'medium',
  rationale:
    'A network is not a factor. Anyone on the office network, a compromised device there, or an attacker who reaches the VPN or a misrouted proxy inherits the exemption and signs in with a stolen password alone.',
  remediation:
    'Remove the location from the policy\'s excluded locations. If prompts in the office are the concern, shorten them with Windows Hello or passkeys and sign-in frequency, not by skipping the second factor.',
  references: mfaReferences,
  evaluate({ tenant, conditionalAccess, assessments }) {
    if (!conditionalAccess.policies.readable) return [];
    return conditionalAccess.policies.value
      .filter((shape) => shape.state === 'enabled' && requiresMfa(shape))
      .flatMap((shape) => {
        const affected = assessments.filter((assessment) => isInteractive(assessment) && assessment.evaluation?.enforcing.some((match) => match.shape === shape)).length;
        return shape.trustedLocationExclusions.map((location) =>
          finding(
            this.id,
            this.severity,
            locationSubject(tenant, location),
            `'${shape.policy.displayName}' does not ask for MFA from trusted location '${location.name}'${location.cidrs.length > 0 ? ` (${location.cidrs.join(', ')})` : ''}; a password alone signs in from there for the ${affected} enabled account(s) the policy applies to.`,
          ),
        );
      });
  },
};
