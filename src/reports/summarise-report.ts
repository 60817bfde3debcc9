/**
 * The report's summary arithmetic: coverage counts per class of account and the distributions behind them.
 * "In scope" means every account whose coverage is not `n/a`; unknown accounts are in scope and count against
 * the percentage, so data the scan could not read never raises coverage.
 */
import { accountKinds, enforcementValues, registrationValues, type Coverage } from '../model/account.js';
import { factorTypes } from '../model/factor.js';
import { severities, type Finding } from '../model/finding.js';
import { sourceStatuses } from '../snapshot/snapshot-format.js';
import type { MaturityAssessment } from '../reconcile/maturity-level.js';
import { gapKinds } from '../reconcile/exception-register.js';
import { accountClasses, tiers } from '../reconcile/reconcile-config.js';
import type { CoverageCounts, ReportAccount, ReportException, ReportPerson, ReportSource, ReportSummary } from './report-model.js';
import { sortedRecord } from './report-order.js';

/** Rounded down to one decimal: 100.0 only when every in-scope account is covered. */
export function coveragePercent(covered: number, inScope: number): number | null {
  if (inScope === 0) return null;
  return Math.floor((covered * 1000) / inScope) / 10;
}

export function coverageCounts(accounts: Iterable<{ covered: Coverage }>): CoverageCounts {
  const tally = new CoverageTally();
  for (const account of accounts) tally.add(account.covered);
  return tally.counts();
}

export interface SummaryInput {
  sources: readonly ReportSource[];
  accounts: readonly ReportAccount[];
  findings: readonly Finding[];
  people: readonly ReportPerson[];
  exceptions: readonly ReportException[];
  maturity: MaturityAssessment;
}

export function summariseReport({ sources, accounts, findings, people, exceptions, maturity }: SummaryInput): ReportSummary {
  const overall = new CoverageTally();
  const privileged = new CoverageTally();
  const bySource = new Map<string, CoverageTally>(sources.map((source) => [source.sourceId, new CoverageTally()]));
  const byIdp = new Map<string, CoverageTally>(sources.map((source) => [source.connector, new CoverageTally()]));
  const byKind = new Map<string, CoverageTally>(accountKinds.map((kind) => [kind, new CoverageTally()]));
  const enforcement = zeroCounts(enforcementValues);
  const registration = zeroCounts(registrationValues);
  const factors = zeroCounts(factorTypes);
  const byTier = new Map<string, CoverageTally>(tiers.map((tier) => [String(tier), new CoverageTally()]));
  const byClass = new Map<string, CoverageTally>(accountClasses.map((value) => [value, new CoverageTally()]));
  const exemptions = { documented: 0, expired: 0, incomplete: 0, quiet: 0, stale: 0 };
  const exemptionsByGap = new Map(gapKinds.map((kind) => [kind as string, { documented: 0, expired: 0, incomplete: 0, quiet: 0 }]));
  const factorsByTier = new Map<string, Record<string, number>>(tiers.map((tier) => [String(tier), zeroCounts(factorTypes)]));
  const privilegedFactors = zeroCounts(factorTypes);
  const phishingResistant = new Map<string, { accounts: number; phishingResistant: number }>(tiers.map((tier) => [String(tier), { accounts: 0, phishingResistant: 0 }]));

  for (const account of accounts) {
    // Every count is of coverage after federation: a sign-in delegated to another IdP counts as the account that
    // authenticates it there (without federation the two are the same).
    const covered = account.effectiveCovered.value;
    overall.add(covered);
    if (account.privileged) privileged.add(covered);
    tallyFor(bySource, account.sourceId).add(covered);
    tallyFor(byIdp, account.idp).add(covered);
    tallyFor(byKind, account.kind).add(covered);
    tallyFor(byTier, String(account.tier)).add(covered);
    tallyFor(byClass, account.class).add(covered);
    for (const gap of account.gaps) {
      exemptions[gap.state] += 1;
      let byState = exemptionsByGap.get(gap.kind);
      if (!byState) exemptionsByGap.set(gap.kind, (byState = { documented: 0, expired: 0, incomplete: 0, quiet: 0 }));
      byState[gap.state] += 1;
    }
    if (covered === 'n/a') continue;
    increment(enforcement, account.mfaEnforced.value);
    increment(registration, account.mfaRegistered.value);
    for (const factor of account.factors) increment(factors, factor.type);
    const tier = String(account.tier);
    let tierFactors = factorsByTier.get(tier);
    if (!tierFactors) factorsByTier.set(tier, (tierFactors = {}));
    for (const factor of account.factors) increment(tierFactors, factor.type);
    if (account.privileged) for (const factor of account.factors) increment(privilegedFactors, factor.type);
    let share = phishingResistant.get(tier);
    if (!share) phishingResistant.set(tier, (share = { accounts: 0, phishingResistant: 0 }));
    share.accounts += 1;
    if (account.factors.some((factor) => factor.phishingResistant)) share.phishingResistant += 1;
  }

  const sourcesByStatus = zeroCounts(sourceStatuses);
  for (const source of sources) increment(sourcesByStatus, source.status);
  const findingsBySeverity = zeroCounts(severities);
  for (const finding of findings) increment(findingsBySeverity, finding.severity);
  exemptions.stale = exceptions.filter((entry) => entry.state === 'stale').length;
  const peopleTally = new CoverageTally();
  const byDepartment = new Map<string, CoverageTally>();
  for (const person of people) {
    peopleTally.add(person.covered);
    tallyFor(byDepartment, person.department ?? '(none)').add(person.covered);
  }

  return {
    ...overall.counts(),
    dataComplete: sources.every((source) => source.status === 'complete'),
    sourcesByStatus: sortedRecord(sourcesByStatus),
    bySource: countsRecord(bySource),
    byIdp: countsRecord(byIdp),
    byKind: countsRecord(byKind),
    privileged: privileged.counts(),
    enforcement: sortedRecord(enforcement),
    registration: sortedRecord(registration),
    factorTypes: sortedRecord(factors),
    findingsBySeverity: sortedRecord(findingsBySeverity),
    byTier: countsRecord(byTier),
    byClass: countsRecord(byClass),
    people: peopleTally.counts(),
    byDepartment: countsRecord(byDepartment),
    exemptions,
    exemptionsByGap: sortedRecord(Object.fromEntries(exemptionsByGap)),
    maturity: { level: maturity.level, label: maturity.label, evidence: [...maturity.evidence] },
    factorTypesByTier: sortedRecord(Object.fromEntries([...factorsByTier].map(([tier, counts]) => [tier, sortedRecord(counts)]))),
    privilegedFactorTypes: sortedRecord(privilegedFactors),
    phishingResistantByTier: sortedRecord(
      Object.fromEntries([...phishingResistant].map(([tier, share]) => [tier, { ...share, percent: coveragePercent(share.phishingResistant, share.accounts) }])),
    ),
  };
}

class CoverageTally {
  private readonly tally: Record<Coverage, number> = { yes: 0, no: 0, unknown: 0, 'n/a': 0 };

  add(covered: Coverage): void {
    this.tally[covered] += 1;
  }

  counts(): CoverageCounts {
    const { yes, no, unknown } = this.tally;
    const notApplicable = this.tally['n/a'];
    return {
      accounts: yes + no + unknown + notApplicable,
      covered: yes,
      notCovered: no,
      unknown,
      notApplicable,
      coveragePercent: coveragePercent(yes, yes + no + unknown),
    };
  }
}

function tallyFor(tallies: Map<string, CoverageTally>, key: string): CoverageTally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = new CoverageTally();
    tallies.set(key, tally);
  }
  return tally;
}

function countsRecord(tallies: Map<string, CoverageTally>): Record<string, CoverageCounts> {
  return sortedRecord(Object.fromEntries([...tallies].map(([key, tally]) => [key, tally.counts()])));
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, 0]));
}

/** Counts a value even outside the closed set, so an unexpected value shows up rather than vanishing. */
function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (Object.hasOwn(counts, key) ? (counts[key] ?? 0) : 0) + 1;
}
