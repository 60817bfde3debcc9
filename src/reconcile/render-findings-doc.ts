/**
 * docs/findings.md, generated from the rule sets: the catalogue a reader sees is the metadata the rules carry, so
 * the two cannot drift (a test compares the committed file with this output; `npm run docs:findings` rewrites it).
 * Pure: a function of the rule sets and the reference vocabulary, nothing else.
 */
import { severities, type FindingRuleMetadata, type Severity } from '../model/finding.js';
import type { FindingRuleSet, FindingTopic } from './finding-rule-sets.js';
import { findingReferences, isFindingReference } from './finding-references.js';

export const findingsDocCommand = 'npm run docs:findings';

const severityMeanings: Record<Severity, string> = {
  critical: 'a password alone opens a privileged account or the whole tenant, or a leaver can still sign in',
  high: 'a password alone opens some accounts, an administrator relies on an interceptable factor, or a gap nobody documented',
  medium: 'a weakness an attacker needs one more step to use (a trusted network, push fatigue, an unowned account)',
  low: 'configuration debt that misleads reviews (a disabled policy, a stale register entry, a dormant account)',
  info: 'context for a reviewer, not a weakness',
};

const preamble = [
  'A finding is a problem a rule detected, about an account, a policy, a group, a location, a person, an exception ' +
    'register entry or a whole tenant (`subject.type`). Each connector keeps its rules in `src/connectors/<connector>/rules/` ' +
    'and reconcile keeps its cross-source rules in `src/reconcile/rules/`: one rule per file whose name is the rule id, ' +
    'listed explicitly in `<set>-finding-rules.ts`. A rule is data plus a function: the columns below are its metadata, ' +
    'exactly as the rule carries it, and every rule has a test that makes it fire and one that must not.',
  'Rules never treat missing data as a pass: where the data a rule needs could not be read, the rule either stays silent, ' +
    'the accounts concerned showing as `unknown` in the coverage columns with the reason, or reports the doubt itself (an ' +
    'administrator whose coverage could not be verified is reported like one not covered).',
];

export function renderFindingsDoc(sets: readonly FindingRuleSet[], topics: readonly FindingTopic[]): string {
  const lines: string[] = [
    '# Findings',
    '',
    `<!-- Generated from the rule catalogues by \`${findingsDocCommand}\` (src/reconcile/render-findings-doc.ts); edit the rules, not this file. -->`,
    '',
  ];
  for (const paragraph of preamble) lines.push(paragraph, '');

  const all = sets.flatMap((set) => set.rules);
  const used = new Set(all.map((rule) => rule.severity));
  lines.push('| severity | meaning | rules |', '| --- | --- | --- |');
  for (const severity of severities) {
    if (used.has(severity)) lines.push(row([severity, severityMeanings[severity], String(all.filter((rule) => rule.severity === severity).length)]));
  }
  lines.push('');

  lines.push('## What is checked', '', 'Each question, and the rules that answer it in each source.', '', '| question | rules |', '| --- | --- |');
  const known = new Set(all.map((rule) => rule.id));
  for (const { topic, ruleIds } of topics) {
    lines.push(row([topic, ruleIds.map((id) => (known.has(id) ? `\`${id}\`` : `\`${id}\` (not in the catalogue)`)).join(', ')]));
  }
  lines.push('');

  lines.push('## References', '', 'The provisions the rules cite, and what each asks for.', '', '| reference | what it asks for | rules |', '| --- | --- | --- |');
  for (const reference of citedReferences(all)) {
    const meaning = isFindingReference(reference) ? findingReferences[reference] : '(not in the reference vocabulary)';
    lines.push(row([reference, meaning, String(all.filter((rule) => rule.references.includes(reference)).length)]));
  }
  lines.push('');

  for (const set of sets) {
    lines.push(`## ${set.title} (\`${set.id}\`)`, '', `Rules: \`${set.folder}\`, ${set.rules.length} in all.`, '');
    for (const paragraph of set.intro) lines.push(paragraph, '');
    lines.push('| id | severity | title | rationale | remediation | references |', '| --- | --- | --- | --- | --- | --- |');
    for (const rule of set.rules) lines.push(ruleRow(rule));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function ruleRow(rule: FindingRuleMetadata): string {
  return row([`\`${rule.id}\``, rule.severity, rule.title, rule.rationale, rule.remediation, rule.references.join('; ')]);
}

/** In vocabulary order, then any other reference alphabetically (a test rejects those). */
function citedReferences(rules: readonly FindingRuleMetadata[]): string[] {
  const cited = new Set(rules.flatMap((rule) => rule.references));
  const known = Object.keys(findingReferences).filter((reference) => cited.has(reference));
  const unknown = [...cited].filter((reference) => !isFindingReference(reference)).sort();
  return [...known, ...unknown];
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** A table cell: pipes escaped, line breaks folded, so a rule's text can never break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\r?\n\s*/g, ' ');
}
