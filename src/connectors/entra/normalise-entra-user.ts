/**
 * One Graph user as the normalised model sees it: kind, identity hints, last sign-in, and registered factors
 * (from the registration report's `methodsRegistered`, or from the per-user method listing when the report was
 * refused). Pure: vendor names are mapped to `src/model/factor.ts` types here and nowhere else.
 */
import type { AccountKind, Registration, Verdict } from '../../model/account.js';
import { countsAsSecondFactor, makeFactor, type Factor, type FactorType } from '../../model/factor.js';
import type { AuthenticationMethod, GraphUser } from './graph-payloads.js';
import type { RegistrationRecord } from './entra-tenant.js';
import { compareText } from './load-entra-tenant.js';
import { classifyExternalUser } from './external-user-type.js';

/**
 * Guests and external users (userType Guest, or an external identity such as a B2B collaboration member) are guests;
 * logins matching a service-account pattern are services; everyone else is human.
 */
export function entraAccountKind(user: GraphUser, servicePatterns: readonly RegExp[]): AccountKind {
  if (classifyExternalUser(user).types.length > 0) return 'guest';
  const localPart = user.userPrincipalName.split('@')[0] ?? user.userPrincipalName;
  return servicePatterns.some((pattern) => pattern.test(localPart)) ? 'service' : 'human';
}

/** `accountEnabled` false disables sign-in; an absent value is treated as enabled (fail closed: the account counts). */
export function isEnabled(user: GraphUser): boolean {
  return user.accountEnabled !== false;
}

/**
 * The latest sign-in Graph reports: interactive, non-interactive or successful. The latest of the three, so an
 * account in daily use through refresh tokens is never called dormant.
 */
export function lastSignInAt(user: GraphUser): string | null {
  const activity = user.signInActivity;
  const times = [activity?.lastSignInDateTime, activity?.lastNonInteractiveSignInDateTime, activity?.lastSuccessfulSignInDateTime]
    .filter((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const latest = times.at(-1);
  return latest === undefined ? null : new Date(Date.parse(latest)).toISOString();
}

/** Other addresses of the account (mail, proxyAddresses without their `smtp:` prefix, otherMails), for correlation. */
export function aliasesOf(user: GraphUser): string[] {
  const login = user.userPrincipalName.toLowerCase();
  const addresses = [user.mail ?? undefined, ...(user.proxyAddresses ?? []).map((address) => address.replace(/^smtp:/i, '')), ...(user.otherMails ?? [])]
    .filter((address): address is string => typeof address === 'string' && address.includes('@') && address.toLowerCase() !== login)
    .map((address) => address.toLowerCase());
  return [...new Set(addresses)].sort(compareText);
}

/** `methodsRegistered` values of the registration report (userRegistrationDetails resource reference). */
const registeredMethodTypes: Record<string, FactorType> = {
  microsoftAuthenticatorPush: 'authenticator-push',
  microsoftAuthenticatorPasswordless: 'authenticator-passwordless',
  softwareOneTimePasscode: 'totp-software',
  hardwareOneTimePasscode: 'totp-hardware',
  mobilePhone: 'sms',
  alternateMobilePhone: 'sms',
  officePhone: 'voice',
  fido2: 'fido2',
  passKeyDeviceBound: 'passkey',
  passKeyDeviceBoundAuthenticator: 'passkey',
  passKeyDeviceBoundWindowsHello: 'passkey',
  windowsHelloForBusiness: 'windows-hello',
  macOsSecureEnclaveKey: 'platform-authenticator',
  email: 'email',
  temporaryAccessPass: 'temporary-access-pass',
  securityQuestion: 'security-question',
};

/** `@odata.type` of `/users/{id}/authentication/methods` items; the password method is the first factor and not listed. */
const methodResourceTypes: Record<string, FactorType> = {
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'authenticator-push',
  '#microsoft.graph.passwordlessMicrosoftAuthenticatorAuthenticationMethod': 'authenticator-passwordless',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'totp-software',
  '#microsoft.graph.hardwareOathAuthenticationMethod': 'totp-hardware',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windows-hello',
  '#microsoft.graph.platformCredentialAuthenticationMethod': 'platform-authenticator',
  '#microsoft.graph.x509CertificateAuthenticationMethod': 'certificate',
  '#microsoft.graph.emailAuthenticationMethod': 'email',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporary-access-pass',
};

const passwordMethodType = '#microsoft.graph.passwordAuthenticationMethod';
const phoneMethodType = '#microsoft.graph.phoneAuthenticationMethod';

/** A registered method name from the report as a factor; unknown future values count as `other`. */
export function factorFromRegisteredMethod(name: string): Factor | undefined {
  if (name === 'none') return undefined;
  return makeFactor(registeredMethodTypes[name] ?? 'other', name);
}

/** A per-user method listing item as a factor; the password is not one. */
export function factorFromMethod(method: AuthenticationMethod): Factor | undefined {
  const type = method['@odata.type'];
  if (type === passwordMethodType) return undefined;
  const vendorType = type.replace(/^#microsoft\.graph\./, '');
  if (type === phoneMethodType) {
    // Office phones take voice calls only; mobile numbers receive SMS (and calls).
    return makeFactor(method.phoneType === 'office' ? 'voice' : 'sms', `${vendorType} (${String(method.phoneType ?? 'mobile')})`);
  }
  return makeFactor(methodResourceTypes[type] ?? 'other', vendorType);
}

export interface RegistrationResult {
  verdict: Verdict<Registration>;
  factors: Factor[];
}

export function registrationVerdict(record: RegistrationRecord | undefined, missingReason: string, enabled: boolean): RegistrationResult {
  if (record === undefined) {
    const reason = enabled ? `Registered methods unknown: ${missingReason}.` : `Registered methods unknown: ${missingReason} (disabled accounts are not read).`;
    return { verdict: { value: 'unknown', reasons: [reason] }, factors: [] };
  }
  if (record.source === 'unknown') return { verdict: { value: 'unknown', reasons: [`Registered methods unknown: ${record.reason}.`] }, factors: [] };
  const factors = uniqueFactors(
    record.source === 'registration-report'
      ? record.methodsRegistered.map(factorFromRegisteredMethod)
      : record.methods.map(factorFromMethod),
  );
  const origin = record.source === 'registration-report' ? 'registration report' : 'per-user method listing';
  const second = factors.filter(countsAsSecondFactor);
  if (second.length > 0) {
    return { verdict: { value: 'yes', reasons: [`Registered (${origin}): ${factors.map((factor) => factor.vendorType).join(', ')}.`] }, factors };
  }
  const reason =
    factors.length > 0
      ? `Only methods that are not a second factor are registered (${origin}): ${factors.map((factor) => factor.vendorType).join(', ')}.`
      : `No authentication method besides the password is registered (${origin}).`;
  return { verdict: { value: 'no', reasons: [reason] }, factors };
}

function uniqueFactors(candidates: ReadonlyArray<Factor | undefined>): Factor[] {
  const byKey = new Map<string, Factor>();
  for (const factor of candidates) {
    if (factor) byKey.set(`${factor.type}|${factor.vendorType}`, factor);
  }
  return [...byKey.values()].sort((a, b) => compareText(a.type, b.type) || compareText(a.vendorType, b.vendorType));
}
