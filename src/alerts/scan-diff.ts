/**
 * The scan-diff detector: two runs of the same source compared account by account and policy by policy, each loss
 * of MFA turned into an audit event (`detector: scan-diff`) for the same rules the watcher feeds. It sees what
 * audit logs miss (late or never-delivered events, changes outside the mapped activities) and confirms what they saw:
 * the events carry the same keys (account id, policy id) so the detector updates the watcher's alert.
 */
import type { AuditEvent, AuditEventKind } from './audit-event.js';
import { lastFactorRemovedEventName } from './rules/mfa-disabled.js';
import type { IdentityProviderId } from '../model/identity-provider.js';

/** What the diff reads of one account's verdict in a run (a row of the store's verdicts). */
export interface DiffVerdict {
  accountId: string;
  login: string;
  privileged: boolean;
  enabled: boolean;
  mfaRegistered: string;
  mfaEnforced: string;
  covered: string;
}

/** What the diff reads of one enforcement policy in a run (the report's policies). */
export interface DiffPolicy {
  id: string;
  name: string;
  state: string;
  requiresMfa: boolean;
  scope: readonly string[];
}

export interface RunSide {
  runId: string;
  /** The snapshot's time. */
  at: string;
  verdicts: Iterable<DiffVerdict>;
  policies: readonly DiffPolicy[];
}

export interface ScanDiffInput {
  sourceId: string;
  idp: IdentityProviderId;
  previous: RunSide;
  current: RunSide;
}

export interface ScanDiffResult {
  events: AuditEvent[];
  /** Accounts covered in the previous run and not in the current one (enabled both times). */
  coverageLost: DiffVerdict[];
}

const activeStates = new Set(['enabled', 'active', 'on']);

function policyMode(state: string): 'active' | 'report-only' | 'off' {
  const lower = state.toLowerCase();
  if (lower === 'enabledforreportingbutnotenforced') return 'report-only';
  if (activeStates.has(lower) || lower.startsWith('on since')) return 'active';
  return 'off';
}

function exclusionLines(policy: DiffPolicy): Set<string> {
  return new Set(policy.scope.filter((line) => /exclud|except|carve/i.test(line)));
}

function policyChange(before: DiffPolicy, after: DiffPolicy | undefined): AuditEventKind | undefined {
  if (!before.requiresMfa || policyMode(before.state) !== 'active') return undefined;
  if (!after) return 'policy-deleted';
  const mode = policyMode(after.state);
  if (mode === 'report-only') return 'policy-report-only';
  if (mode === 'off') return before.id === 'identitySecurityDefaultsEnforcementPolicy' ? 'enforcement-off' : 'policy-disabled';
  if (!after.requiresMfa) return 'policy-downgraded';
  const previous = exclusionLines(before);
  for (const line of exclusionLines(after)) if (!previous.has(line)) return 'policy-exclusion-added';
  const scopeChanged = before.scope.join('\n') !== after.scope.join('\n');
  return scopeChanged && [...exclusionLines(after)].length > previous.size ? 'policy-exclusion-added' : undefined;
}

export function diffRuns(input: ScanDiffInput): ScanDiffResult {
  const { previous, current } = input;
  const base = { detector: 'scan-diff' as const, idp: input.idp, sourceId: input.sourceId, occurredAt: current.at, actor: { id: 'unknown', type: 'unknown' as const }, selfService: false };
  const events: AuditEvent[] = [];
  const coverageLost: DiffVerdict[] = [];
  const before = new Map<string, DiffVerdict>();
  for (const verdict of previous.verdicts) before.set(verdict.accountId, verdict);
  for (const verdict of current.verdicts) {
    const old = before.get(verdict.accountId);
    if (!old || !old.enabled || !verdict.enabled) continue;
    if (old.mfaRegistered === 'yes' && verdict.mfaRegistered === 'no') {
      events.push({
        ...base,
        vendorEventId: `scan:${current.runId}:${verdict.accountId}:registration`,
        vendorEventName: verdict.privileged ? lastFactorRemovedEventName : 'scan-diff/registration-lost',
        kind: 'factor-removed',
        target: { id: verdict.accountId, login: verdict.login, type: 'user' },
        summary: `${verdict.login} had an MFA factor registered in run ${previous.runId} and none in run ${current.runId}`,
      });
    }
    if (old.covered === 'yes' && verdict.covered !== 'yes' && verdict.covered !== 'n/a') coverageLost.push(verdict);
  }
  const currentPolicies = new Map(current.policies.map((policy) => [policy.id, policy]));
  for (const policy of previous.policies) {
    const after = currentPolicies.get(policy.id);
    const kind = policyChange(policy, after);
    if (!kind) continue;
    const verb: Partial<Record<AuditEventKind, string>> = {
      'policy-deleted': 'is gone',
      'policy-report-only': 'is now report-only',
      'policy-disabled': `is now ${after?.state ?? 'off'}`,
      'enforcement-off': 'is now off',
      'policy-downgraded': 'no longer requires MFA',
      'policy-exclusion-added': 'has a new exclusion',
    };
    events.push({
      ...base,
      vendorEventId: `scan:${current.runId}:policy:${policy.id}:${kind}`,
      vendorEventName: `scan-diff/${kind}`,
      kind,
      target: { id: policy.id, type: 'policy', name: policy.name.replace(/^Conditional access: /, '') },
      before: { state: policy.state, requiresMfa: policy.requiresMfa, scope: policy.scope },
      ...(after ? { after: { state: after.state, requiresMfa: after.requiresMfa, scope: after.scope } } : {}),
      summary: `Policy "${policy.name}" ${verb[kind] ?? 'changed'} (run ${previous.runId} → ${current.runId})`,
    });
  }
  return { events, coverageLost };
}
