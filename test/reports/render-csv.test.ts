import { formatCsv, neutraliseFormula, quoteCsvField } from '../../src/reports/csv-format.js';
import { buildReport } from '../../src/reports/build-report.js';
import {
  accountCsvHeader,
  exceptionCsvHeader,
  findingCsvHeader,
  personCsvHeader,
  renderAccountsCsv,
  renderExceptionsCsv,
  renderFindingsCsv,
  renderPeopleCsv,
} from '../../src/reports/render-csv.js';
import { collectArtefact, renderReportArtefacts } from '../../src/reports/report-artefacts.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report, ReportException, ReportPerson } from '../../src/reports/report-model.js';
import { fixtureInput, hostileDisplayName } from './report-fixtures.js';

/** A small RFC 4180 reader, enough to check that what we write parses back to the cells we meant. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\r' && text.charAt(index + 1) === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += character;
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', ''],
  ])('quotes %j as %j', (field, expected) => {
    expect(quoteCsvField(field)).toBe(expected);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['a=1', 'a=1'],
    ['alice@example.com', 'alice@example.com'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('neutralises %j as %j', (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });

  it('neutralises before quoting, so a quoted formula still gets its apostrophe', () => {
    expect(formatCsv(['h'], [['=HYPERLINK("http://x","y")']])).toBe('\uFEFFh\r\n"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it('refuses a row that does not match the header', () => {
    expect(() => formatCsv(['a', 'b'], [['only one']])).toThrow(RangeError);
  });
});

describe('renderAccountsCsv', () => {
  const report = buildReport(fixtureInput());
  const csv = renderAccountsCsv(report);
  const records = parseCsv(csv.replace(/^\uFEFF/, ''));

  it('starts with a byte-order mark and the documented header', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(records[0]).toEqual([
      'idp',
      'sourceId',
      'tenant',
      'id',
      'login',
      'displayName',
      'enabled',
      'kind',
      'privileged',
      'roles',
      'factorTypes',
      'phishingResistant',
      'mfaRegistered',
      'mfaEnforced',
      'legacyAuth',
      'covered',
      'effectiveCovered',
      'class',
      'tier',
      'methodPolicy',
      'reasons',
    ]);
    expect(accountCsvHeader).toEqual(records[0]);
  });

  it('has one row per account, in report order', () => {
    expect(records).toHaveLength(report.accounts.length + 1);
    expect(records.slice(1).map((record) => record[3])).toEqual(report.accounts.map((entry) => entry.id));
  });

  it('writes an account row cell by cell', () => {
    const row = records.find((record) => record[3] === 'u-01');
    expect(row).toEqual([
      'entra',
      'entra-main',
      'contoso.onmicrosoft.com',
      'u-01',
      'Adele@contoso.example',
      'User u-01',
      'true',
      'human',
      'true',
      'Global Administrator',
      'sms',
      'false',
      'yes',
      'partial',
      'blocked',
      'no',
      'no',
      'human',
      '1',
      'not-met',
      'MFA not enforced (partial): trusted location "HQ" excluded.',
    ]);
  });

  it('joins lists with "; " and reports phishing resistance per account', () => {
    const row = records.find((record) => record[3] === 'u-05');
    expect(row?.[10]).toBe('fido2; authenticator-push');
    expect(row?.[11]).toBe('true');
    const unknown = records.find((record) => record[3] === 'u-07');
    expect(unknown?.[20]).toBe('Registration unreadable.; Policies unreadable.');
  });

  it('neutralises formulas in tenant-supplied cells and keeps other text as is', () => {
    const row = records.find((record) => record[3] === 'u-07');
    expect(row?.[4]).toBe("'=cmd|calc@contoso.example");
    expect(row?.[5]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(records.find((record) => record[3] === 'u-03')?.[5]).toBe(hostileDisplayName);
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

/** Cells a hostile roster, register or tenant could supply: each starts with a character a spreadsheet evaluates. */
const formulaCells = ['=1+1', '+49 30 1234', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'] as const;

function person(overrides: Partial<ReportPerson>): ReportPerson {
  return {
    id: 'p-1',
    employeeId: 'E1',
    email: 'ann@contoso.example',
    name: 'Ann',
    status: 'active',
    leaver: false,
    employmentType: 'employee',
    department: null,
    manager: null,
    startDate: '2020-01-06',
    terminationDate: null,
    origin: 'roster.csv:2',
    tier: 2,
    covered: 'yes',
    reasons: [],
    accounts: [{ sourceId: 'entra-main', id: 'u-05', login: 'zoe@contoso.example' }],
    ...overrides,
  };
}

function exception(overrides: Partial<ReportException>): ReportException {
  return {
    id: 'EX-1',
    origin: 'exceptions.yaml:3',
    account: 'svc-backup@contoso.example',
    sourceId: 'entra-main',
    person: null,
    gap: 'service-account',
    policy: null,
    reason: 'Backup agent cannot do MFA',
    riskOwner: 'CISO',
    compensatingControls: ['IP allow-list', 'vaulted password'],
    approvedBy: 'CIO',
    approvedAt: '2025-01-10',
    expires: '2025-12-31',
    ticket: 'SEC-42',
    state: 'documented',
    gaps: 1,
    reasons: [],
    ...overrides,
  };
}

describe('the people, findings and exceptions CSVs', () => {
  const base = buildReport(fixtureInput());
  const report: Report = {
    ...base,
    people: [
      person({}),
      ...formulaCells.map((cell, index) =>
        person({ id: `p-h${index}`, name: cell, department: cell, manager: cell, email: null, employeeId: null, tier: null, covered: 'no', reasons: [cell] }),
      ),
    ],
    exceptions: [
      exception({}),
      ...formulaCells.map((cell, index) => exception({ id: `EX-h${index}`, account: cell, reason: cell, riskOwner: cell, compensatingControls: [cell], ticket: cell, state: 'incomplete' })),
    ],
    findings: [
      ...base.findings,
      ...formulaCells.map((cell, index) => ({ ruleId: 'reconcile-orphan-account', severity: 'info' as const, subject: { type: 'account' as const, idp: 'entra' as const, tenant: 't', id: `h${index}`, name: cell }, message: cell })),
    ],
  };

  it('writes each with its documented header, one row per entry in report order', () => {
    const people = parseCsv(renderPeopleCsv(report).replace(/^\uFEFF/, ''));
    expect(people[0]).toEqual([...personCsvHeader]);
    expect(personCsvHeader).toEqual(['id', 'employeeId', 'email', 'name', 'status', 'leaver', 'employmentType', 'department', 'manager', 'startDate', 'terminationDate', 'tier', 'covered', 'accounts', 'reasons']);
    expect(people[1]).toEqual(['p-1', 'E1', 'ann@contoso.example', 'Ann', 'active', 'false', 'employee', '', '', '2020-01-06', '', '2', 'yes', 'entra-main:zoe@contoso.example', '']);
    expect(people.slice(1).map((row) => row[0])).toEqual(report.people.map((entry) => entry.id));

    const findings = parseCsv(renderFindingsCsv(report).replace(/^\uFEFF/, ''));
    expect(findingCsvHeader).toEqual(['severity', 'ruleId', 'title', 'subjectType', 'subjectIdp', 'subjectTenant', 'subjectId', 'subjectName', 'message', 'remediation', 'references']);
    expect(findings[0]).toEqual([...findingCsvHeader]);
    expect(findings).toHaveLength(report.findings.length + 1);
    const ruleIndex = report.findings.findIndex((entry) => entry.ruleId === 'entra-admin-weak-factors-only');
    const withRule = report.findings[ruleIndex];
    const rule = report.findingRules.find((entry) => entry.id === 'entra-admin-weak-factors-only');
    expect(rule?.references.length).toBeGreaterThan(0);
    expect(findings[ruleIndex + 1]).toEqual([
      'high',
      'entra-admin-weak-factors-only',
      rule?.title,
      withRule?.subject.type,
      withRule?.subject.idp,
      withRule?.subject.tenant,
      withRule?.subject.id,
      withRule?.subject.name,
      withRule?.message,
      rule?.remediation,
      rule?.references.join('; '),
    ]);
    const uncatalogued = { ...report, findings: [{ ...withRule, ruleId: 'not-a-rule' } as Finding], findingRules: [] };
    expect(parseCsv(renderFindingsCsv(uncatalogued).replace(/^\uFEFF/, ''))[1]?.slice(0, 3)).toEqual(['high', 'not-a-rule', '']);

    const exceptions = parseCsv(renderExceptionsCsv(report).replace(/^\uFEFF/, ''));
    expect(exceptionCsvHeader).toEqual(['id', 'state', 'gap', 'account', 'sourceId', 'person', 'policy', 'reason', 'riskOwner', 'compensatingControls', 'approvedBy', 'approvedAt', 'expires', 'ticket', 'matchedGaps', 'origin', 'reasons']);
    expect(exceptions[1]).toEqual(['EX-1', 'documented', 'service-account', 'svc-backup@contoso.example', 'entra-main', '', '', 'Backup agent cannot do MFA', 'CISO', 'IP allow-list; vaulted password', 'CIO', '2025-01-10', '2025-12-31', 'SEC-42', '1', 'exceptions.yaml:3', '']);
  });

  it('writes only the header when there is no directory or register', () => {
    const empty = { ...base, people: [], exceptions: [] };
    expect(renderPeopleCsv(empty)).toBe(`\uFEFF${personCsvHeader.join(',')}\r\n`);
    expect(renderExceptionsCsv(empty)).toBe(`\uFEFF${exceptionCsvHeader.join(',')}\r\n`);
  });

  it.each([
    ['people', renderPeopleCsv, (row: string[]) => [row[3], row[7], row[8], row[14]]],
    ['findings', renderFindingsCsv, (row: string[]) => [row[7], row[8]]],
    ['exceptions', renderExceptionsCsv, (row: string[]) => [row[3], row[7], row[8], row[9], row[13]]],
  ] as const)('neutralises formulas starting with = + - @ tab and CR in the %s CSV', (_name, render, hostileCells) => {
    const records = parseCsv(render(report).replace(/^\uFEFF/, ''));
    const hostileRows = records.filter((row) => formulaCells.some((cell) => row.includes(`'${cell}`)));
    expect(hostileRows).toHaveLength(formulaCells.length);
    hostileRows.forEach((row, index) => {
      for (const cell of hostileCells(row)) expect(cell).toBe(`'${formulaCells[index]}`);
    });
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('is written beside report.csv as report.people.csv, report.findings.csv and report.exceptions.csv', async () => {
    const artefacts = renderReportArtefacts(report);
    const byFile = new Map(await Promise.all(artefacts.map(async (artefact) => [artefact.file, (await collectArtefact(artefact)).toString('utf8')] as const)));
    expect(byFile.get('report.people.csv')).toBe(renderPeopleCsv(report));
    expect(byFile.get('report.findings.csv')).toBe(renderFindingsCsv(report));
    expect(byFile.get('report.exceptions.csv')).toBe(renderExceptionsCsv(report));
    expect(artefacts.filter((artefact) => artefact.file.endsWith('.csv')).every((artefact) => artefact.mediaType.startsWith('text/csv'))).toBe(true);
  });
});
