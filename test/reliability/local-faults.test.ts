/** Faults on this side of the wire: a full disk, a bad roster, an analysis that fails after the snapshot is committed. */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { exitStatus } from '../../src/cli/exit-status.js';
import { AnalysisError, InputError, StorageError } from '../../src/errors.js';
import { analysisErrorFile } from '../../src/scan/run-scan.js';
import { appConfigSchema } from '../../src/config/app-config.js';
import { defaultAnalysisSettings } from '../../src/connectors/connector.js';
import { analyseSnapshot } from '../../src/reconcile/analyse-snapshot.js';
import { loadReconcileInputs, readRecordedReconcileSettings, recordReconcileInputs, reconcileSettingsOf } from '../../src/reconcile/load-reconcile-inputs.js';
import type { Report } from '../../src/reports/report-model.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { exists, leftoverStaging, startFaultHarness, type FaultHarness } from './fault-harness.js';

let harness: FaultHarness;

beforeAll(async () => {
  harness = await startFaultHarness(12);
}, 60_000);

afterAll(async () => {
  await harness.close();
});

it('a full disk during collection ends the scan cleanly: no report, staging removed, the path named, exit 3', async () => {
  const full = (file: string): Writable =>
    file.endsWith(path.join('sources', harness.sourceIdOf('entra'), 'users.jsonl'))
      ? new Writable({
          write(_chunk, _encoding, callback) {
            callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
          },
        })
      : createWriteStream(file);
  const outcome = await harness.scan({ scanOptions: { openFile: full } });
  expect(outcome.error).toBeInstanceOf(StorageError);
  expect((outcome.error as Error).message).toMatch(/users\.jsonl: no space left on the device \(ENOSPC\)/);
  expect((outcome.error as Error).message).toMatch(/was removed/);
  expect(outcome.exit).toBe(exitStatus.noReport);
  expect(outcome.reportWritten).toBe(false);
  expect(await leftoverStaging(outcome.out)).toEqual([]);
}, 30_000);

it('a bad roster stops the scan before its first request to any identity provider', async () => {
  const roster = path.join(harness.tenantDirectory, 'roster.csv');
  const good = await readFile(roster, 'utf8');
  try {
    await writeFile(roster, `${good.split('\n')[0]}\nE1,not-an-email,Broken Row,active,2020-01-01,,employee,IT,\nE1,dup@example.com,Duplicate,active,2020-01-01,,employee,IT,\n`);
    const outcome = await harness.scan({ connector: 'entra', rules: [], only: ['entra'] });
    expect(outcome.error).toBeInstanceOf(InputError);
    expect((outcome.error as Error).message).toMatch(/roster\.csv/);
    expect(outcome.proxyRequests).toBe(0);
    expect(outcome.exit).toBe(exitStatus.invalidInput);
    expect(await exists(path.join(outcome.out, 'snapshot'))).toBe(false);
  } finally {
    await writeFile(roster, good);
  }
}, 30_000);

it('an analysis that fails after the snapshot is committed records why and says how to re-analyse', async () => {
  const roster = path.join(harness.tenantDirectory, 'roster.csv');
  const good = await readFile(roster, 'utf8');
  let broken = false;
  try {
    // The roster turns bad while the scan runs (after it was checked): the copy in the snapshot cannot be read.
    const outcome = await harness.scan({
      only: ['entra'],
      scanOptions: {},
      extra: {},
      progressHook: async () => {
        if (broken) return;
        broken = true;
        await writeFile(roster, 'employee_id,email\nE1,a@example.com\nE1,b@example.com\n');
      },
    });
    expect(outcome.error).toBeInstanceOf(AnalysisError);
    const message = (outcome.error as Error).message;
    expect(message).toMatch(/mfa-coverage analyse --snapshot .*snapshot/);
    expect(await exists(path.join(outcome.out, 'snapshot', 'snapshot.json'))).toBe(true);
    const record = JSON.parse(await readFile(path.join(outcome.out, analysisErrorFile), 'utf8')) as { error: { code: string; message: string }; retry: string };
    expect(record.error.code).toBe('INPUT_INVALID');
    expect(record.retry).toMatch(/^mfa-coverage analyse --snapshot /);
    expect(outcome.exit).toBe(exitStatus.noReport);
  } finally {
    await writeFile(roster, good);
  }
}, 30_000);

describe('analyse notices an endpoint file changed after the scan', () => {
  const reanalyse = async (out: string): Promise<Report> => {
    const snapshot = await openSnapshot(path.join(out, 'snapshot'));
    return analyseSnapshot(snapshot, { organisation: { name: 'Test' }, settings: defaultAnalysisSettings, generatedAt: new Date() });
  };

  it('an emptied account list makes the source failed; a cut other file makes it partial; the data is not read', async () => {
    const outcome = await harness.scan({ only: ['entra', 'google'] });
    expect(outcome.exit).toBe(exitStatus.ok);
    const entra = path.join(outcome.out, 'snapshot', 'sources', harness.sourceIdOf('entra'));
    const google = path.join(outcome.out, 'snapshot', 'sources', harness.sourceIdOf('google'));
    const before = await reanalyse(outcome.out);
    expect(before.sources.map((source) => source.status)).not.toContain('failed');

    await writeFile(path.join(entra, 'users.jsonl'), '');
    const orgUnits = await readFile(path.join(google, 'orgUnits.jsonl'), 'utf8');
    await writeFile(path.join(google, 'orgUnits.jsonl'), orgUnits.slice(0, Math.floor(orgUnits.length / 2)));
    const after = await reanalyse(outcome.out);
    const status = Object.fromEntries(after.sources.map((source) => [source.sourceId, source]));
    expect(status[harness.sourceIdOf('entra')]?.status).toBe('failed');
    expect(status[harness.sourceIdOf('entra')]?.errors.map((error) => error.message).join('\n')).toMatch(/users\.jsonl holds 0 of the 1 lines/);
    expect(status[harness.sourceIdOf('google')]?.status).toBe('partial');
    expect(status[harness.sourceIdOf('google')]?.errors.map((error) => error.message).join('\n')).toMatch(/orgUnits\.jsonl ends in the middle of a line/);
    expect(after.accounts.filter((account) => account.idp === 'entra')).toEqual([]);
  }, 30_000);
});

it('a roster and a register with the same file name are both kept in the snapshot', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'same-name-'));
  try {
    await mkdir(path.join(directory, 'hr'));
    await mkdir(path.join(directory, 'risk'));
    await writeFile(path.join(directory, 'hr', 'data.csv'), 'employee_id,email,name,status\nE1,ada@example.com,Ada,active\n');
    await writeFile(path.join(directory, 'risk', 'data.csv'), 'id,account,gap,reason\nEX-1,ada@example.com,no-mfa,Migration\n');
    const settings = { ...reconcileSettingsOf(appConfigSchema.parse({ organisation: { name: 'T' }, sources: { corp: { connector: 'entra', tenantId: 't.example', auth: { type: 'access-token', token: { env: 'X' } } } }, directory: { roster: 'hr/data.csv' }, exceptions: 'risk/data.csv' })) };
    const snapshot = path.join(directory, 'snapshot');
    await mkdir(snapshot);
    await recordReconcileInputs(snapshot, settings, directory);
    const recorded = await readRecordedReconcileSettings(snapshot);
    const inputs = await loadReconcileInputs(recorded!.settings, recorded!.baseDirectory);
    expect(inputs.directory).toMatchObject({ kind: 'roster', file: 'data.csv' });
    expect(inputs.directory?.kind === 'roster' ? inputs.directory.people.length : 0).toBe(1);
    expect(inputs.register?.entries.map((entry) => entry.id)).toEqual(['EX-1']);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
