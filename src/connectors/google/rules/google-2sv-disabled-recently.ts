/** Users who turned 2-step verification off during the Reports window and have not enrolled again since. */
import type { FindingRule } from '../../../model/finding.js';
import type { TwoStepEvent } from '../google-domain.js';
import { finding, mfaReferences, tenantSubject, type GoogleRuleInput } from './google-rule-input.js';

export const google2svDisabledRecently: FindingRule<GoogleRuleInput> = {
  id: 'google-2sv-disabled-recently',
  title: '2-step verification was turned off and not turned back on',
  severity: 'medium',
  rationale:
    'Turning 2-step verification off leaves the account on its password alone, and it is what an attacker holding a session does first; a user who disabled it without enrolling again is a change worth a look.',
  remediation:
    'Ask the user why 2-step verification was turned off, have them enrol again, and turn on 2-step verification enforcement for their org unit so that it cannot be turned off again.',
  references: mfaReferences,
  evaluate({ domain, assessments }) {
    if (!domain.events.readable) return [];
    const lastByActor = new Map<string, TwoStepEvent>();
    for (const event of domain.events.value) {
      const actor = (event.actorEmail ?? event.actorProfileId ?? '').toLowerCase();
      if (actor !== '') lastByActor.set(actor, event);
    }
    const byLogin = new Map(assessments.map((assessment) => [assessment.account.login.toLowerCase(), assessment]));
    const byId = new Map(assessments.map((assessment) => [assessment.account.id, assessment]));
    return [...lastByActor.entries()]
      .filter(([, event]) => event.name === '2sv_disable')
      .flatMap(([actor, event]) => {
        const assessment = byLogin.get(actor) ?? (event.actorProfileId ? byId.get(event.actorProfileId) : undefined);
        if (assessment?.user.isEnrolledIn2Sv === true || assessment?.account.enabled === false) return [];
        const subject = assessment
          ? { type: 'account' as const, idp: 'google' as const, tenant: domain.tenant, id: assessment.account.id, name: assessment.account.login }
          : tenantSubject(domain);
        return [finding(this.id, this.severity, subject, `${assessment?.account.login ?? actor} turned 2-step verification off on ${event.time} and has not enrolled again.`)];
      });
  },
};
