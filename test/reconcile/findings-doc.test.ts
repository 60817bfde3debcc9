/** docs/findings.md is generated from the rule sets: the committed file, the sets, the folders and the references agree. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectors } from '../../src/connectors/registry.js';
import type { FindingRuleMetadata } from '../../src/model/finding.js';
import { findingReferences, isFindingReference } from '../../src/reconcile/finding-references.js';
import { findingRuleSets, findingTopics, type FindingRuleSet } from '../../src/reconcile/finding-rule-sets.js';
import { findingsDocCommand, renderFindingsDoc } from '../../src/reconcile/render-findings-doc.js';
import { findingsDocFile, writeFindingsDoc } from '../../src/reconcile/write-findings-doc.js';

const root = new URL('../../', import.meta.url);
const allRules = findingRuleSets.flatMap((set) => set.rules);

describe('docs/findings.md', () => {
  it(`is the generated catalogue, byte for byte (after changing a rule, run ${findingsDocCommand})`, () => {
    const committed = readFileSync(new URL('docs/findings.md', root), 'utf8');
    expect(committed).toBe(renderFindingsDoc(findingRuleSets, findingTopics));
  });

  it('has a row per rule, in set order, and every set, topic and cited reference', () => {
    const text = renderFindingsDoc(findingRuleSets, findingTopics);
    const rowIds = [...text.matchAll(/^\| `([a-z0-9-]+)` \| (critical|high|medium|low|info) \|/gm)].map((match) => match[1]);
    expect(rowIds).toEqual(allRules.map((rule) => rule.id));
    for (const set of findingRuleSets) expect(text).toContain(`## ${set.title} (\`${set.id}\`)`);
    for (const { topic } of findingTopics) expect(text).toContain(`| ${topic} |`);
    for (const reference of new Set(allRules.flatMap((rule) => rule.references))) expect(text).toContain(`| ${reference} | ${findingReferences[reference as keyof typeof findingReferences]} |`);
  });

  it('keeps a rule text with a pipe or a line break inside its table cell', () => {
    const rule: FindingRuleMetadata = { id: 'x-rule', title: 'A | B', severity: 'low', rationale: 'one\ntwo', remediation: 'fix it', references: ['NIS2 Art.21(2)(j)'] };
    const set: FindingRuleSet = { id: 'x', title: 'X', folder: 'src/x/rules/', intro: [], rules: [rule] };
    expect(renderFindingsDoc([set], [])).toContain('| `x-rule` | low | A \\| B | one two | fix it | NIS2 Art.21(2)(j) |');
  });

  it('marks a topic naming a rule the catalogue lacks, and a reference outside the vocabulary', () => {
    const rule: FindingRuleMetadata = { id: 'x-rule', title: 'T', severity: 'low', rationale: 'r', remediation: 'm', references: ['NIS2 Art 21'] };
    const text = renderFindingsDoc([{ id: 'x', title: 'X', folder: 'src/x/rules/', intro: [], rules: [rule] }], [{ topic: 'Q', ruleIds: ['x-rule', 'y-rule'] }]);
    expect(text).toContain('| Q | `x-rule`, `y-rule` (not in the catalogue) |');
    expect(text).toContain('| NIS2 Art 21 | (not in the reference vocabulary) | 1 |');
  });
});

describe(findingsDocCommand, () => {
  it('writes a missing or stale file, leaves a current one alone, and only reports a stale one with --check', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'findings-doc-'));
    try {
      const file = path.join(folder, 'findings.md');
      expect(await writeFindingsDoc(file, { check: true })).toBe('stale');
      expect(await writeFindingsDoc(file, { check: false })).toBe('written');
      expect(readFileSync(file, 'utf8')).toBe(renderFindingsDoc(findingRuleSets, findingTopics));
      expect(await writeFindingsDoc(file, { check: true })).toBe('unchanged');
      writeFileSync(file, '# edited by hand\n');
      expect(await writeFindingsDoc(file, { check: true })).toBe('stale');
      expect(readFileSync(file, 'utf8')).toBe('# edited by hand\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('targets the checkout\'s docs/findings.md', () => {
    expect(findingsDocFile).toBe(path.join(new URL('.', root).pathname, 'docs', 'findings.md'));
  });
});

describe('the rule sets', () => {
  it('list one set per registered connector, plus reconcile', () => {
    expect(findingRuleSets.map((set) => set.id).sort()).toEqual([...connectors.map((connector) => connector.id), 'reconcile'].sort());
  });

  it.each(findingRuleSets.map((set) => [set.id, set] as const))('%s: one file per rule in its folder, named by the rule id', (_id, set) => {
    const files = readdirSync(new URL(set.folder, root))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('-rule-input.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
      .sort();
    expect(set.rules.map((rule) => rule.id).sort()).toEqual(files);
  });

  it('give every rule a unique id', () => {
    const ids = allRules.map((rule) => rule.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it.each(allRules.map((rule) => [rule.id, rule] as const))('%s cites NIS2 Art.21(2)(j), a CIR 2024/2690 11.5-11.7 point, and only known provisions', (_id, rule) => {
    expect(rule.references).toContain('NIS2 Art.21(2)(j)');
    expect(rule.references.some((reference) => /^CIR 2024\/2690 11\.[567]\.\d/.test(reference))).toBe(true);
    expect(rule.references.filter((reference) => !isFindingReference(reference))).toEqual([]);
    expect(new Set(rule.references).size).toBe(rule.references.length);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(20);
  });

  it('cite NIS2 Art.21(2)(i) on every rule about identities or privilege, and Art.21(2)(d) on third parties', () => {
    const byId = new Map(allRules.map((rule) => [rule.id, rule]));
    for (const id of ['leaver-active-account', 'orphan-account', 'shared-account-without-justification', 'privileged-daily-use-account', 'privileged-without-phishing-resistant', 'dormant-enabled-account']) {
      expect(byId.get(id)?.references).toContain('NIS2 Art.21(2)(i)');
    }
    expect(byId.get('third-party-without-mfa')?.references).toContain('NIS2 Art.21(2)(d)');
    expect(byId.get('privileged-daily-use-account')?.references).toContain('CIR 2024/2690 11.6.2(f)');
    expect(byId.get('shared-account-without-justification')?.references).toContain('CIR 2024/2690 11.5.3');
  });

  it('answer every question of the index with rules that exist, and index every reconcile rule', () => {
    const ids = new Set(allRules.map((rule) => rule.id));
    for (const { topic, ruleIds } of findingTopics) {
      expect([topic, ruleIds.filter((id) => !ids.has(id))]).toEqual([topic, []]);
      expect(ruleIds.length).toBeGreaterThan(0);
    }
    const indexed = new Set(findingTopics.flatMap((topic) => topic.ruleIds));
    const reconcile = findingRuleSets.find((set) => set.id === 'reconcile');
    expect(reconcile?.rules.map((rule) => rule.id).filter((id) => !indexed.has(id))).toEqual([]);
  });

  it('list only references some rule cites', () => {
    const cited = new Set(allRules.flatMap((rule) => rule.references));
    expect(Object.keys(findingReferences).filter((reference) => !cited.has(reference))).toEqual([]);
  });
});
