/** The roster and exception register loaders: what they accept, and errors that name file, line/entry and field. */
import { readCsvRecords } from '../../src/reconcile/csv-records.js';
import { parseExceptionCsv, parseExceptionYaml } from '../../src/reconcile/load-exception-register.js';
import { parseRoster } from '../../src/reconcile/load-roster.js';
import { rosterDirectorySchema } from '../../src/reconcile/reconcile-config.js';
import { appConfigSchema } from '../../src/config/app-config.js';

const options = rosterDirectorySchema.parse({ roster: 'roster.csv' });

async function records(chunks: string[]) {
  const out = [];
  for await (const record of readCsvRecords(chunks, 'f.csv')) out.push(record);
  return out;
}

describe('readCsvRecords', () => {
  it('streams quoted fields, doubled quotes and line breaks across chunk boundaries, with start lines', async () => {
    const text = '\uFEFFa,b\r\n"x, ""y""","two\nlines"\r\n\r\nlast,"q"';
    const expected = [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', 'two\nlines'] },
      { line: 5, cells: ['last', 'q'] },
    ];
    expect(await records([text])).toEqual(expected);
    for (let cut = 1; cut < text.length; cut += 1) expect(await records([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
  });

  it('names the line and column of a quote never closed', async () => {
    await expect(records(['a,b\n1,"open'])).rejects.toThrow('f.csv:2: column 2: a quoted field is never closed.');
  });
});

describe('parseRoster', () => {
  const header = 'employee_id,email,name,status,start_date,termination_date,employment_type,department,manager,aliases\n';
  it('reads people, lower-casing addresses and mapping statuses and employment types', async () => {
    const people = await parseRoster([header, 'E1,Ann@Contoso.com,Ann,Active,2020-01-01,,Contractor,IT,,ann.l@contoso.com; A@x.com\nE2,,Bob,leaver,,2025-01-01,,,E1,\n'], '/hr/roster.csv', options);
    expect(people).toEqual([
      expect.objectContaining({ id: 'E1', email: 'ann@contoso.com', status: 'active', employmentType: 'contractor', aliases: ['ann.l@contoso.com', 'a@x.com'], origin: 'roster.csv:2' }),
      expect.objectContaining({ id: 'E2', email: null, status: 'terminated', terminationDate: '2025-01-01', manager: 'E1', employmentType: 'employee' }),
    ]);
  });

  it.each([
    ['a duplicate employee id', 'E1,a@x.com,,,,,,,,\ne1,b@x.com,,,,,,,,\n', 'roster.csv:3: column employee_id: employee id e1 is already used on line 2'],
    ['an unknown status', 'E1,a@x.com,,gone,,,,,,\n', 'roster.csv:2: column status: unknown status "gone"'],
    ['a bad date', 'E1,a@x.com,,,01/02/2020,,,,,\n', 'roster.csv:2: column start_date: "01/02/2020" is not a date'],
    ['a row of the wrong width', 'E1,a@x.com\n', 'roster.csv:2: 2 columns where the header has 10'],
    ['neither id nor email', ',,Ann,,,,,,,\n', 'roster.csv:2: neither employee_id nor email is set'],
    ['an unknown employment type', 'E1,a@x.com,,,,,intern,,,\n', 'roster.csv:2: column employment_type: unknown employment type "intern"'],
  ])('rejects %s, naming the line and column', async (_name, body, message) => {
    await expect(parseRoster([header, body], 'roster.csv', options)).rejects.toThrow(message);
  });
});

describe('exception register', () => {
  it('reads YAML entries with defaults', () => {
    const register = parseExceptionYaml('exceptions:\n  - account: a@x.com\n    gap: no-mfa\n    reason: r\n', '/etc/exceptions.yaml');
    expect(register).toEqual({ file: 'exceptions.yaml', entries: [expect.objectContaining({ id: 'entry-1', compensatingControls: [], origin: 'exceptions.yaml entry 1' })] });
  });

  it('lists every invalid entry with file, line, entry and field', () => {
    const text = 'exceptions:\n  - account: a@x.com\n    gap: no-mfa\n    reason: r\n  - id: EX-2\n    person: E1\n    gap: policy-exclusion\n    reason: r\n    expires: 31/12/2025\n';
    expect(() => parseExceptionYaml(text, 'exceptions.yaml')).toThrow(
      'Invalid exception register:\n  exceptions.yaml:9: entry 2 (EX-2): field expires: expected a date as YYYY-MM-DD\n  exceptions.yaml:5: entry 2 (EX-2): field policy: a policy-exclusion entry names the policy the account is excluded from',
    );
  });

  it('reads the CSV form and names the line of a bad row', async () => {
    const ok = await parseExceptionCsv('id,account,gap,reason,compensatingControls,expires\nEX-1,a@x.com,no-mfa,r,SIEM alert; reviewed weekly,2025-12-31\n', 'ex.csv');
    expect(ok.entries[0]).toEqual(expect.objectContaining({ id: 'EX-1', compensatingControls: ['SIEM alert', 'reviewed weekly'], origin: 'ex.csv:2' }));
    await expect(parseExceptionCsv('id,account,gap,reason\nEX-1,a@x.com,no-2fa,r\n', 'ex.csv')).rejects.toThrow('ex.csv:2: entry 1 (EX-1): field gap:');
    await expect(parseExceptionCsv('id,acount\n', 'ex.csv')).rejects.toThrow('ex.csv:1: unknown column acount');
  });
});

describe('reconcile configuration', () => {
  const base = { organisation: { name: 'x' }, sources: { okta: { connector: 'okta', orgUrl: 'https://x.okta.com', auth: { type: 'api-token', token: { env: 'T' } } } } };
  it('accepts the reconcile blocks and fills their defaults', () => {
    const config = appConfigSchema.parse({ ...base, directory: { source: 'okta' }, federation: {}, breakGlass: [{ login: 'bg@x.com', sourceId: 'okta' }] });
    expect(config.tiers).toEqual({ default: 2, rules: [] });
    expect(config.methodPolicy.tier1.minimumStrength).toBe('phishing-resistant');
  });

  it.each([
    ['a directory source that is not configured', { directory: { source: 'entra' } }, 'directory.source'],
    ['federation to an unknown source', { federation: { okta: { delegatesTo: 'google' } } }, 'federation.okta.delegatesTo'],
    ['a tier rule without a condition', { tiers: { rules: [{ tier: 1 }] } }, 'tiers.rules.0'],
    ['an invalid pattern', { correlation: { sharedAccountPatterns: ['('] } }, 'correlation.sharedAccountPatterns.0'],
  ])('rejects %s, naming the field', (_name, extra, field) => {
    const result = appConfigSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });
});
