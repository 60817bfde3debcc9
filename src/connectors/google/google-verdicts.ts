/**
 * The per-account verdicts for Google sign-in, as pure functions of the resolved settings, the user record and
 * the scan instant. Where the policies and Google's own `isEnforcedIn2Sv` disagree, the weaker answer is given
 * with both facts in the reasons: fail closed.
 */
import type { EnforcementVerdict, LegacyAuth, Registration, Verdict } from '../../model/account.js';
import type { AppPasswordRecord } from './google-domain.js';
import type { GoogleUser } from './google-payloads.js';
import type { SettingValues } from './policy-settings.js';
import type { ResolvedSetting } from './resolve-setting.js';
import type { ResolvedRoute } from './sign-in-route.js';

const dayMs = 86_400_000;

/** Whether Google's own 2-step verification is enforced for the user at `asOf`. */
export function googleEnforcementVerdict(
  user: GoogleUser,
  enforcement: ResolvedSetting<SettingValues['enforcement']>,
  gracePeriod: ResolvedSetting<SettingValues['gracePeriod']>,
  asOf: Date,
): EnforcementVerdict {
  const flag = user.isEnforcedIn2Sv;
  if (enforcement.state === 'unknown') {
    if (flag === false) return { value: 'no', reasons: ['Google reports 2-step verification not enforced for this user (isEnforcedIn2Sv=false).', ...enforcement.reasons] };
    if (enforcement.cause === 'unreadable' && flag === true) {
      return {
        value: 'yes',
        reasons: [
          'Google reports 2-step verification enforced for this user (isEnforcedIn2Sv=true); the policies behind it could not be read, so grace periods and allowed methods are unknown.',
          ...enforcement.reasons,
        ],
      };
    }
    return { value: 'unknown', reasons: ['Which 2-step verification enforcement policy applies is unknown.', ...enforcement.reasons] };
  }

  const from = enforcement.value.enforcedFrom;
  if (from === null) return { value: 'no', reasons: [`2-step verification enforcement is off: ${enforcement.description}.`] };
  if (Date.parse(from) > asOf.getTime()) {
    return { value: 'no', reasons: [`2-step verification enforcement only starts on ${from} (${enforcement.description}); until then a password alone signs in.`] };
  }

  if (user.isEnrolledIn2Sv !== true) {
    const grace = graceWindow(user, gracePeriod, asOf);
    if (grace !== undefined) {
      const reasons = [grace.reason];
      // The enrolment window is a carve-out of the enforcement policy for users not yet enrolled.
      return grace.inside ? { value: 'partial', reasons, causes: [{ kind: 'policy-exclusion', reasons }] } : { value: 'unknown', reasons };
    }
  }
  if (flag === false) {
    return {
      value: 'no',
      reasons: [`The policies enforce 2-step verification since ${from} (${enforcement.description}), but Google reports it not enforced for this user (isEnforcedIn2Sv=false).`],
    };
  }
  return { value: 'yes', reasons: [`2-step verification enforced since ${from} by ${enforcement.description}.`] };
}

/**
 * A user not yet enrolled can sign in with a password alone during the new-user enrolment period, which starts at
 * their first sign-in. The Directory API gives only the last sign-in, so a user is treated as possibly inside the
 * window until the last sign-in plus the period has passed (fail closed). When the period itself cannot be
 * determined, the answer is unknown, not a password path the scan cannot show.
 */
function graceWindow(
  user: GoogleUser,
  gracePeriod: ResolvedSetting<SettingValues['gracePeriod']>,
  asOf: Date,
): { inside: boolean; reason: string } | undefined {
  if (gracePeriod.state === 'unknown') {
    return {
      inside: false,
      reason: `Not enrolled, and whether a new-user enrolment period still lets a password alone through is unknown: ${gracePeriod.reasons.join('; ')}`,
    };
  }
  const periodMs = gracePeriod.value.enrollmentGracePeriodMs;
  if (periodMs <= 0) return undefined;
  const days = formatDays(periodMs);
  const lastSignIn = signInTime(user.lastLoginTime);
  if (lastSignIn === undefined) {
    return {
      inside: true,
      reason: `Not enrolled and never signed in: the ${days} new-user enrolment period (${gracePeriod.description}) starts at the first sign-in, and until it ends a password alone signs in.`,
    };
  }
  if (asOf.getTime() < lastSignIn + periodMs) {
    return {
      inside: true,
      reason: `Not enrolled and possibly inside the ${days} new-user enrolment period (${gracePeriod.description}): it runs from the first sign-in, and the last one was ${new Date(lastSignIn).toISOString()}; a password alone signs in until it ends.`,
    };
  }
  return undefined;
}

/** Combines Google's own verdict with where sign-in actually goes. */
export function routedEnforcementVerdict(google: EnforcementVerdict, route: ResolvedRoute, superAdmin: boolean): EnforcementVerdict {
  if (superAdmin) {
    if (route.state === 'known' && route.route.kind === 'google') return google;
    const otherwise = route.state === 'known' ? ` (${route.route.description} for everyone else)` : '';
    return { ...google, reasons: [...google.reasons, `Super administrators always sign in at Google, SSO assignments do not apply to them${otherwise}: Google 2-step verification decides.`] };
  }
  if (route.state === 'unknown') {
    return { value: 'unknown', reasons: [...route.reasons, `Google's own 2-step verification would give: ${google.value}.`] };
  }
  const { route: known } = route;
  switch (known.kind) {
    case 'google':
      return google;
    case 'domain-wide':
      return { value: 'unknown', reasons: [`${capitalise(known.description)}.`, `Google's own 2-step verification would give: ${google.value}.`] };
    case 'idp':
      if (known.googleSignInToo && google.value !== 'yes') {
        return { ...google, reasons: [...google.reasons, `Also: ${known.description}.`] };
      }
      return {
        value: 'delegated',
        reasons: [
          `${capitalise(known.description)}: coverage decided by the target IdP.`,
          ...(known.googleSignInToo ? google.reasons : []),
        ],
      };
  }
}

export function registrationVerdict(
  user: GoogleUser,
  delegated: boolean,
  enrollment: ResolvedSetting<SettingValues['enrollment']>,
): Verdict<Registration> {
  if (delegated) {
    return {
      value: 'unknown',
      reasons: [`Enrolment in Google 2-step verification (isEnrolledIn2Sv=${String(user.isEnrolledIn2Sv ?? 'absent')}) does not protect a delegated sign-in: the target IdP's registration decides.`],
    };
  }
  if (user.isEnrolledIn2Sv === true) return { value: 'yes', reasons: ['Enrolled in Google 2-step verification (the Directory API does not say with which methods).'] };
  if (user.isEnrolledIn2Sv === false) {
    const blocked = enrollment.state === 'known' && !enrollment.value.allowEnrollment;
    return {
      value: 'no',
      reasons: ['Not enrolled in Google 2-step verification.', ...(blocked ? [`Users here cannot enrol: enrolment is not allowed by ${enrollment.description}.`] : [])],
    };
  }
  return { value: 'unknown', reasons: ['The users listing did not say whether the user is enrolled in 2-step verification.'] };
}

/**
 * App passwords sign in to Google with no second factor, and so do "less secure apps" where a unit still allows
 * them. IMAP and POP on their own need OAuth or an app password, so they are findings, not an open door here.
 */
export function legacyAuthVerdict(
  user: GoogleUser,
  lessSecureApps: ResolvedSetting<SettingValues['lessSecureApps']>,
  appPasswords: AppPasswordRecord | undefined,
  missingReason: string,
): Verdict<LegacyAuth> {
  const open: string[] = [];
  const unknown: string[] = [];
  const closed: string[] = [];

  if (lessSecureApps.state === 'unknown') unknown.push(`Whether less secure apps are allowed is unknown: ${lessSecureApps.reasons.join('; ')}`);
  else if (lessSecureApps.value.allowLessSecureApps) open.push(`Less secure apps (password-only IMAP/SMTP/CalDAV sign-in) are allowed by ${lessSecureApps.description}.`);
  else closed.push(`Less secure apps are off (${lessSecureApps.description}).`);

  if (appPasswords?.state === 'fetched') {
    const names = appPasswords.asps.map((asp) => asp.name ?? `code ${asp.codeId ?? '?'}`);
    if (names.length > 0) open.push(`${names.length} app password(s) (${names.join(', ')}) sign in without 2-step verification.`);
    else closed.push('No app passwords.');
  } else if (appPasswords?.state === 'failed') {
    unknown.push(`Whether the user holds app passwords is unknown: ${appPasswords.reason}.`);
  } else if (appPasswords?.state === 'deleted') {
    closed.push('The user was deleted while the scan ran.');
  } else if (user.isEnrolledIn2Sv === false) {
    closed.push('No app passwords (they require enrolment in 2-step verification).');
  } else {
    unknown.push(`Whether the user holds app passwords is unknown: ${missingReason}.`);
  }

  if (open.length > 0) return { value: 'open', reasons: open };
  if (unknown.length > 0) return { value: 'unknown', reasons: unknown };
  return { value: 'blocked', reasons: closed };
}

/** `lastLoginTime` as a time, or undefined for "never" (Google reports the Unix epoch). */
export function signInTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= 0 ? undefined : time;
}

function formatDays(ms: number): string {
  const days = ms / dayMs;
  return Number.isInteger(days) ? `${days}-day` : `${(ms / 3_600_000).toFixed(0)}-hour`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
