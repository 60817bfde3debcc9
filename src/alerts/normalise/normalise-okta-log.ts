/**
 * Okta System Log `LogEvent` → audit event. Event types follow Okta's event-type catalogue; a rule downgraded from
 * 2FA to 1FA is read from `target[].changeDetails.from/to.policyRuleActionJson`, as okta/customer-detections does.
 */
import { z } from 'zod';
import type { AuditEvent, AuditEventKind, AuditTarget } from '../audit-event.js';
import { parseVendorRecord } from './vendor-record-error.js';

const oktaEntitySchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  alternateId: z.string().nullish(),
  displayName: z.string().nullish(),
  detailEntry: z.unknown().nullish(),
  changeDetails: z.looseObject({ from: z.unknown().nullish(), to: z.unknown().nullish() }).nullish(),
});

export const oktaLogEventSchema = z.looseObject({
  uuid: z.string().min(1),
  published: z.string(),
  eventType: z.string(),
  displayMessage: z.string().nullish(),
  severity: z.string().nullish(),
  actor: oktaEntitySchema,
  outcome: z.looseObject({ result: z.string().nullish(), reason: z.string().nullish() }).nullish(),
  target: z.array(oktaEntitySchema).nullish(),
  debugContext: z.looseObject({ debugData: z.record(z.string(), z.unknown()).nullish() }).nullish(),
});
export type OktaLogEvent = z.infer<typeof oktaLogEventSchema>;

/** Every event type this normaliser maps (docs/alerts.md lists them with sources). */
export const oktaMappedEventTypes: Readonly<Record<string, AuditEventKind>> = {
  'user.mfa.factor.deactivate': 'factor-removed',
  'user.mfa.factor.reset_all': 'all-factors-reset',
  'user.mfa.factor.activate': 'factor-registered',
  'security.authenticator.lifecycle.deactivate': 'authenticator-deactivated',
  'policy.lifecycle.deactivate': 'policy-disabled',
  'policy.lifecycle.delete': 'policy-deleted',
  'policy.lifecycle.update': 'policy-changed',
  'policy.rule.deactivate': 'policy-disabled',
  'policy.rule.delete': 'policy-deleted',
  'policy.rule.update': 'policy-changed',
  'application.policy.sign_on.update': 'policy-changed',
  'application.policy.sign_on.rule.delete': 'policy-deleted',
};

type OktaEntity = z.infer<typeof oktaEntitySchema>;

function actionJson(value: unknown): unknown {
  const json = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).policyRuleActionJson : undefined;
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function factorModeOf(action: unknown): string | undefined {
  const mode = (action as { appSignOn?: { verificationMethod?: { factorMode?: unknown } } } | undefined)?.appSignOn?.verificationMethod?.factorMode;
  return typeof mode === 'string' ? mode : typeof action === 'string' ? /"factorMode"\s*:\s*"(\w+)"/.exec(action)?.[1] : undefined;
}

function policyTarget(targets: readonly OktaEntity[]): OktaEntity | undefined {
  return targets.find((entry) => entry.type === 'PolicyRule') ?? targets.find((entry) => /policy/i.test(entry.type ?? '')) ?? targets[0];
}

/** The factor named in a factor event: debug data `factor`, else the `outcome.reason` ("User reset SMS factor"). */
function factorOf(event: OktaLogEvent, target: OktaEntity | undefined): string | undefined {
  const debug = event.debugContext?.debugData?.factor;
  if (typeof debug === 'string') return debug;
  const reason = /reset (\w+) factor/i.exec(event.outcome?.reason ?? '')?.[1];
  if (reason) return reason;
  return target?.type === 'AuthenticatorEnrollment' ? (target.displayName ?? undefined) : undefined;
}

/** One LogEvent → an audit event, or `undefined` when the type is not mapped or the outcome was not a success. */
export function normaliseOktaLogEvent(value: unknown, sourceId: string): AuditEvent | undefined {
  const where = `source ${sourceId} Okta LogEvent ${typeof value === 'object' && value !== null ? String((value as { uuid?: unknown }).uuid) : '?'}`;
  const event = parseVendorRecord(oktaLogEventSchema, value, where);
  const mapped = oktaMappedEventTypes[event.eventType];
  if (!mapped) return undefined;
  if (event.outcome?.result && event.outcome.result !== 'SUCCESS') return undefined;
  const targets = event.target ?? [];
  const actor = {
    id: event.actor.id ?? 'unknown',
    ...(event.actor.alternateId ? { login: event.actor.alternateId } : {}),
    type: event.actor.type === 'User' ? ('user' as const) : event.actor.type === 'PublicClientApp' || event.actor.type === 'AppInstance' ? ('app' as const) : ('system' as const),
  };
  const who = actor.login ?? actor.id;
  const base = {
    detector: 'audit-log' as const,
    idp: 'okta' as const,
    sourceId,
    vendorEventId: event.uuid,
    vendorEventName: event.eventType,
    occurredAt: new Date(event.published).toISOString(),
    actor,
  };
  if (mapped === 'factor-removed' || mapped === 'all-factors-reset' || mapped === 'factor-registered') {
    const user = targets.find((entry) => entry.type === 'User') ?? targets[0];
    const target: AuditTarget = { id: user?.id ?? 'unknown', ...(user?.alternateId ? { login: user.alternateId } : {}), type: 'user' };
    const factor = factorOf(event, targets.find((entry) => entry.type !== 'User'));
    const verb = mapped === 'all-factors-reset' ? 'reset every factor of' : mapped === 'factor-registered' ? 'activated a factor for' : `deactivated ${factor ?? 'a factor'} of`;
    return { ...base, kind: mapped, target, selfService: actor.id === target.id, ...(factor ? { factorType: factor } : {}), summary: `${who} ${verb} ${target.login ?? target.id}` };
  }
  if (mapped === 'authenticator-deactivated') {
    const authenticator = targets[0];
    const name = authenticator?.displayName ?? authenticator?.alternateId ?? 'an authenticator';
    return { ...base, kind: mapped, target: { id: authenticator?.id ?? 'unknown', type: 'authenticator', name }, selfService: false, summary: `${who} deactivated the ${name} authenticator for the org` };
  }
  const policy = policyTarget(targets);
  const before = actionJson(policy?.changeDetails?.from);
  const after = actionJson(policy?.changeDetails?.to);
  let kind: AuditEventKind = mapped;
  if (event.eventType === 'policy.rule.update' && factorModeOf(before) === '2FA' && factorModeOf(after) === '1FA') kind = 'policy-downgraded';
  const name = policy?.displayName ?? policy?.alternateId ?? policy?.id ?? 'unknown policy';
  const verb: Partial<Record<AuditEventKind, string>> = {
    'policy-disabled': 'deactivated',
    'policy-deleted': 'deleted',
    'policy-downgraded': 'downgraded to one factor',
    'policy-changed': 'changed',
  };
  return {
    ...base,
    kind,
    target: { id: policy?.id ?? 'unknown', type: 'policy', name },
    selfService: false,
    ...(before !== undefined && before !== null ? { before } : {}),
    ...(after !== undefined && after !== null ? { after } : {}),
    summary: `${who} ${verb[kind] ?? 'changed'} ${policy?.type === 'PolicyRule' ? 'policy rule' : 'policy'} "${name}"`,
  };
}
