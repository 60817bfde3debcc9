/**
 * How the console writes numbers and times. Counts and percentages use the report's own formatters (report-content.ts),
 * so a figure reads the same on the console, in report.html and in report.pdf; times are shown in UTC.
 */
export { count, percent } from '../reports/report-content.js';

/** `2026-12-06 18:30 UTC`; an absent time is a dash. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A change in percentage points with its sign, e.g. `+1.5 pts`, as the report writes it; a dash when either side has none. */
export function formatPointChange(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return '—';
  const points = Math.round((current - previous) * 10) / 10;
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points).toFixed(1)} pts`;
}

/** A badge tone for a coverage value, a run status or a severity. */
export function toneOf(value: string): 'ok' | 'bad' | 'warn' | 'muted' {
  if (['yes', 'complete', 'documented', 'acknowledged'].includes(value)) return 'ok';
  if (['no', 'failed', 'critical', 'high', 'expired', 'quiet'].includes(value)) return 'bad';
  if (['unknown', 'partial', 'running', 'queued', 'medium', 'incomplete', 'stale', 'open', 'suppressed'].includes(value)) return 'warn';
  return 'muted';
}
