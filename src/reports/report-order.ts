/**
 * The report's one ordering. Strings compare by UTF-16 code unit (after a case fold for names people read),
 * never `localeCompare`, whose result depends on the machine's ICU data and locale: two machines must agree
 * byte for byte on the same snapshot.
 */
import { severities, type Finding } from '../model/finding.js';
import type { ReportAccount, ReportPolicy, ReportSource } from './report-model.js';

export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Case-insensitive first, so `alice` and `Bob` read alphabetically; raw code units break the tie. */
export function compareName(a: string, b: string): number {
  return compareText(a.toLowerCase(), b.toLowerCase()) || compareText(a, b);
}

/** By identity provider, tenant, login, id; the source id makes the order total when a tenant is scanned twice. */
export function compareAccounts(a: ReportAccount, b: ReportAccount): number {
  return (
    compareText(a.idp, b.idp) ||
    compareText(a.tenant, b.tenant) ||
    compareName(a.login, b.login) ||
    compareText(a.id, b.id) ||
    compareText(a.sourceId, b.sourceId)
  );
}

const severityRank = new Map<string, number>(severities.map((severity, index) => [severity, index]));

/** Most severe first, then rule, subject and message, so identical inputs always list findings alike. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (severityRank.get(a.severity) ?? severities.length) - (severityRank.get(b.severity) ?? severities.length) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.subject.id, b.subject.id) ||
    compareText(a.subject.idp, b.subject.idp) ||
    compareText(a.subject.tenant, b.subject.tenant) ||
    compareText(a.subject.type, b.subject.type) ||
    compareText(a.subject.name, b.subject.name) ||
    compareText(a.message, b.message)
  );
}

export function comparePolicies(a: ReportPolicy, b: ReportPolicy): number {
  return compareText(a.sourceId, b.sourceId) || compareName(a.name, b.name) || compareText(a.id, b.id);
}

export function compareSources(a: ReportSource, b: ReportSource): number {
  return compareText(a.sourceId, b.sourceId);
}

/**
 * A copy of a record with its keys in code-unit order (JSON keeps insertion order). `fromEntries` defines own
 * properties, so a key such as `__proto__` stays data.
 */
export function sortedRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
