import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { accountKinds, coverageValues, enforcementValues, legacyAuthValues, registrationValues } from '../../src/model/account.js';
import { factorStrengths, factorTypes } from '../../src/model/factor.js';
import { severities, type FindingSubject } from '../../src/model/finding.js';
import { identityProviderIds } from '../../src/model/identity-provider.js';
import { sourceStatuses } from '../../src/snapshot/snapshot-format.js';
import { buildReport } from '../../src/reports/build-report.js';
import { reportSchemaVersion, type Report } from '../../src/reports/report-model.js';
import { renderJson } from '../../src/reports/render-json.js';
import { fixtureInput } from './report-fixtures.js';
import { parsePriorReport } from '../../src/reports/report-history.js';
import { linkMethods } from '../../src/reconcile/correlate-identities.js';
import { gapKinds } from '../../src/reconcile/exception-register.js';
import { exceptionEntryStates, exemptionStates } from '../../src/reconcile/exemption-states.js';
import { methodPolicyValues } from '../../src/reconcile/method-policy.js';
import { employmentTypes, personStatuses } from '../../src/reconcile/person.js';
import { accountClasses, tiers } from '../../src/reconcile/reconcile-config.js';

// ajv and ajv-formats are CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the export.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface JsonSchema {
  $defs: Record<string, { enum?: unknown[] }>;
  properties: { schemaVersion: { const: string } };
}

const schemaText = readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8');
const schema = JSON.parse(schemaText) as JsonSchema;

function compile() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The model has no constant for finding subject types; this list is checked against the union instead. */
const findingSubjectTypes = ['account', 'policy', 'tenant', 'group', 'location', 'person', 'exception'] as const satisfies ReadonlyArray<FindingSubject['type']>;
type MissingSubjectType = Exclude<FindingSubject['type'], (typeof findingSubjectTypes)[number]>;
const subjectTypesExhaustive: [MissingSubjectType] extends [never] ? true : false = true;

const modelEnums: Record<string, ReadonlyArray<string | number>> = {
  IdentityProviderId: identityProviderIds,
  AccountKind: accountKinds,
  Enforcement: enforcementValues,
  LegacyAuth: legacyAuthValues,
  Registration: registrationValues,
  Coverage: coverageValues,
  FactorType: factorTypes,
  FactorStrength: factorStrengths,
  Severity: severities,
  SourceStatus: sourceStatuses,
  FindingSubjectType: findingSubjectTypes,
  AccountClass: accountClasses,
  Tier: tiers,
  MethodPolicy: methodPolicyValues,
  GapKind: gapKinds,
  ExemptionState: exemptionStates,
  ExceptionEntryState: exceptionEntryStates,
  LinkMethod: linkMethods,
  EmploymentType: employmentTypes,
  PersonStatus: personStatuses,
};

describe('docs/report.schema.json', () => {
  it('accepts a report built from fixture analyses, after a JSON round trip', () => {
    const validate = compile();
    const report = JSON.parse(renderJson(buildReport(fixtureInput()))) as unknown;
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('accepts a report with a trend and a diff drawn from an earlier report', () => {
    const validate = compile();
    const earlier = JSON.parse(renderJson(buildReport({ ...fixtureInput(), snapshot: { createdAt: '2025-01-01T10:00:00.000Z', scannerVersion: '0.1.0' }, sources: fixtureInput().sources.filter((source) => source.meta.connector !== 'entra') }))) as unknown;
    const report = JSON.parse(renderJson(buildReport({ ...fixtureInput(), history: [parsePriorReport(earlier, 'earlier.json')] }))) as Report;
    expect(report.history.trend).toHaveLength(2);
    expect(report.history.diff?.newGaps.length).toBeGreaterThan(0);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    report.history.trend.push(...Array.from({ length: 11 }, () => report.history.trend[0] as Report['history']['trend'][number]));
    expect(validate(report)).toBe(false);
  });

  it('accepts a report with no source at all', () => {
    const validate = compile();
    const input = { ...fixtureInput(), sources: [], extraFindings: [] };
    expect(validate(JSON.parse(renderJson(buildReport(input))))).toBe(true);
  });

  const object = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;
  it.each<[string, (report: Report) => void]>([
    ['an unknown coverage value', (report) => (object(report.accounts[0]).covered = 'mostly')],
    ['a property outside the contract', (report) => (object(report.accounts[0]).password = 'x')],
    ['a missing required field', (report) => delete object(report.summary).dataComplete],
    ['an unknown identity provider key in byIdp', (report) => (report.summary.byIdp.ldap = report.summary.privileged)],
    ['a factor type outside the model', (report) => (object(report.accounts.find((account) => account.factors.length > 0)?.factors[0]).type = 'carrier-pigeon')],
    ['a generation time that is not a date-time', (report) => (report.generatedAt = 'yesterday')],
    ['another schema version', (report) => (object(report).schemaVersion = '2.0.0')],
    ['a trend point without its coverage', (report) => delete object(report.history.trend[0]).coveragePercent],
    ['a diff that is not an object', (report) => (object(report.history).diff = 'none')],
    ['a finding rule without remediation', (report) => delete object(report.findingRules[0]).remediation],
    ['a phishing-resistant share for tier 4', (report) => (report.summary.phishingResistantByTier['4'] = { accounts: 0, phishingResistant: 0, percent: null })],
  ])('rejects %s', (_name, mutate) => {
    const validate = compile();
    const report = JSON.parse(renderJson(buildReport(fixtureInput()))) as Report;
    expect(validate(report)).toBe(true);
    mutate(report);
    expect(validate(report)).toBe(false);
  });

  it('has the schema version the model writes', () => {
    expect(schema.properties.schemaVersion.const).toBe(reportSchemaVersion);
  });

  it.each(Object.entries(modelEnums))('keeps enum %s equal to the model constant', (name, values) => {
    expect(subjectTypesExhaustive).toBe(true);
    expect(schema.$defs[name]?.enum).toEqual([...values]);
  });

  it('declares every enum in $defs, where the test above checks it', () => {
    const stray: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((child, index) => walk(child, `${where}/${index}`));
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        if (key === 'enum' && !(where.startsWith('/$defs/') && where.split('/').length === 3 && where.slice('/$defs/'.length) in modelEnums)) {
          stray.push(where);
        }
        walk(child, `${where}/${key}`);
      }
    };
    walk(schema, '');
    expect(stray).toEqual([]);
  });
});
