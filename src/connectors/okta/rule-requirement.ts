/**
 * What one policy rule demands of a sign-in, whatever its conditions: deny, a second factor, or a single factor
 * (a password path). Global session rules (`OKTA_SIGN_ON`) speak `requireFactor`; authentication policy rules
 * (`ACCESS_POLICY`) speak `factorMode` and constraints. Anything we cannot read is `unknown`, never MFA.
 */
import type { AccessConstraint, OktaPolicyRule } from './okta-payloads.js';

export type RuleRequirement =
  | { kind: 'deny' }
  | { kind: 'mfa'; phishingResistant: boolean; detail: string }
  | { kind: 'single-factor'; detail: string }
  | { kind: 'unknown'; detail: string };

export function signOnRuleRequirement(rule: OktaPolicyRule): RuleRequirement {
  const signon = rule.actions?.signon;
  if (!signon?.access) return { kind: 'unknown', detail: 'the rule has no sign-on action' };
  if (signon.access === 'DENY') return { kind: 'deny' };
  if (signon.access !== 'ALLOW') return { kind: 'unknown', detail: `unrecognised access ${signon.access}` };
  if (signon.requireFactor === true) return { kind: 'mfa', phishingResistant: false, detail: 'requireFactor: true' };
  return { kind: 'single-factor', detail: 'requireFactor: false' };
}

export function constraintAlternatives(rule: OktaPolicyRule): AccessConstraint[] {
  const constraints = rule.actions?.appSignOn?.verificationMethod?.constraints;
  if (!constraints) return [];
  return Array.isArray(constraints) ? constraints : [constraints];
}

export function appSignOnRuleRequirement(rule: OktaPolicyRule): RuleRequirement {
  const appSignOn = rule.actions?.appSignOn;
  if (!appSignOn?.access) return { kind: 'unknown', detail: 'the rule has no app sign-on action' };
  if (appSignOn.access === 'DENY') return { kind: 'deny' };
  if (appSignOn.access !== 'ALLOW') return { kind: 'unknown', detail: `unrecognised access ${appSignOn.access}` };
  const method = appSignOn.verificationMethod;
  if (!method) return { kind: 'unknown', detail: 'the rule has no verification method' };
  if (method.type !== 'ASSURANCE') return { kind: 'unknown', detail: `verification method ${method.type ?? '(none)'} is not evaluated` };
  const alternatives = constraintAlternatives(rule);
  if (method.factorMode === '2FA') {
    const phishingResistant = alternatives.length > 0 && alternatives.every((alt) => alt.possession?.phishingResistant === 'REQUIRED');
    return { kind: 'mfa', phishingResistant, detail: phishingResistant ? 'factorMode 2FA, phishing-resistant' : 'factorMode 2FA' };
  }
  if (method.factorMode === '1FA') {
    // One factor that is itself a possession factor with user verification (a passkey, FastPass with biometrics)
    // proves two factors; anything that lets a knowledge factor through is a password path.
    const verifiedPossession =
      alternatives.length > 0 &&
      alternatives.every((alt) => !alt.knowledge && alt.possession?.userVerification === 'REQUIRED');
    if (verifiedPossession) {
      const phishingResistant = alternatives.every((alt) => alt.possession?.phishingResistant === 'REQUIRED');
      return { kind: 'mfa', phishingResistant, detail: 'factorMode 1FA with a user-verified possession factor' };
    }
    return { kind: 'single-factor', detail: 'factorMode 1FA' };
  }
  return { kind: 'unknown', detail: `factorMode ${method.factorMode ?? '(none)'} is not evaluated` };
}

/** Minutes a verified factor is remembered before Okta asks again (0 = every sign-in). */
export function factorLifetimeMinutes(rule: OktaPolicyRule): number {
  const signon = rule.actions?.signon;
  if (signon && signon.access === 'ALLOW' && signon.requireFactor === true && signon.factorPromptMode && signon.factorPromptMode !== 'ALWAYS') {
    return signon.factorLifetime ?? 0;
  }
  const reauthenticateIn = rule.actions?.appSignOn?.verificationMethod?.reauthenticateIn;
  return reauthenticateIn ? isoDurationMinutes(reauthenticateIn) : 0;
}

/** `PT12H`, `P1DT2H30M` → minutes; unparseable → 0. */
export function isoDurationMinutes(value: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match) return 0;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0) + Math.floor(Number(seconds ?? 0) / 60);
}

/** Whether any active ALLOW rule of an authentication policy could let a sign-in through without a second factor. */
export function policyMayAllowSingleFactor(rules: readonly OktaPolicyRule[]): boolean {
  return rules.some((rule) => rule.status === 'ACTIVE' && appSignOnRuleRequirement(rule).kind !== 'mfa' && appSignOnRuleRequirement(rule).kind !== 'deny');
}
