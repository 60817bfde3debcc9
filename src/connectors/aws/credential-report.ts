/**
 * The IAM credential report: base64 (as IAM sends it) of a CSV with one row per user and one for the root user
 * (`<root_account>`). Decoded into typed rows; `N/A`, `no_information` and `not_supported` become undefined.
 */
import { InputError } from '../../errors.js';

export const rootAccountRowName = '<root_account>';

export interface AccessKeyState {
  slot: 1 | 2;
  active: boolean;
  lastRotated: string | undefined;
  lastUsed: string | undefined;
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  createdAt: string | undefined;
  /** Console password; `not_supported` on the root row (IAM cannot tell). */
  passwordEnabled: boolean | 'not_supported';
  passwordLastUsed: string | undefined;
  mfaActive: boolean;
  keys: AccessKeyState[];
}

const requiredColumns = ['user', 'arn', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];

/** `file` names the snapshot file in errors. */
export function decodeCredentialReport(contentBase64: string, file: string): CredentialReportRow[] {
  const text = Buffer.from(contentBase64, 'base64').toString('utf8');
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw new InputError(`${file}: the credential report is empty.`);
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new InputError(`${file}: the credential report has no ${missing.join(', ')} column(s); is Content the base64 CSV IAM returned?`);
  const index = new Map(header.map((name, position) => [name, position]));
  return records
    .filter((record) => record.length > 1 || (record[0] ?? '') !== '')
    .map((record) => {
      const cell = (name: string): string | undefined => {
        const position = index.get(name);
        return position === undefined ? undefined : record[position];
      };
      const key = (slot: 1 | 2): AccessKeyState => ({
        slot,
        active: cell(`access_key_${slot}_active`) === 'true',
        lastRotated: dateOf(cell(`access_key_${slot}_last_rotated`)),
        lastUsed: dateOf(cell(`access_key_${slot}_last_used_date`)),
      });
      const password = cell('password_enabled');
      return {
        user: cell('user') ?? '',
        arn: cell('arn') ?? '',
        createdAt: dateOf(cell('user_creation_time')),
        passwordEnabled: password === 'not_supported' ? 'not_supported' : password === 'true',
        passwordLastUsed: dateOf(cell('password_last_used')),
        mfaActive: cell('mfa_active') === 'true',
        keys: [key(1), key(2)],
      };
    });
}

function dateOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'N/A' || value === 'no_information' || value === 'not_supported') return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let position = 0; position < text.length; position += 1) {
    const char = text[position];
    if (quoted) {
      if (char === '"' && text[position + 1] === '"') {
        field += '"';
        position += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[position + 1] === '\n') position += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
