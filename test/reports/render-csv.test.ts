import { formatCsv, neutraliseFormula, quoteCsvField } from '../../src/reports/csv-format.js';
import { buildReport } from '../../src/reports/build-report.js';
import { accountCsvHeader, renderAccountsCsv } from '../../src/reports/render-csv.js';
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
      'MFA not enforced (partial): trusted location "HQ" excluded.',
    ]);
  });

  it('joins lists with "; " and reports phishing resistance per account', () => {
    const row = records.find((record) => record[3] === 'u-05');
    expect(row?.[10]).toBe('fido2; authenticator-push');
    expect(row?.[11]).toBe('true');
    const unknown = records.find((record) => record[3] === 'u-07');
    expect(unknown?.[16]).toBe('Registration unreadable.; Policies unreadable.');
  });

  it('neutralises formulas in tenant-supplied cells and keeps other text as is', () => {
    const row = records.find((record) => record[3] === 'u-07');
    expect(row?.[4]).toBe("'=cmd|calc@contoso.example");
    expect(row?.[5]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(records.find((record) => record[3] === 'u-03')?.[5]).toBe(hostileDisplayName);
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
