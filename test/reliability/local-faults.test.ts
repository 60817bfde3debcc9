/** Faults on this side of the wire: a full disk, a bad roster, an analysis that fails after the snapshot is committed. */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { exitStatus } from '../../src/cli/exit-status.js';
import { AnalysisError, InputError, StorageError } from '../../src/errors.js';
import { analysisErrorFile } from '../../src/scan/run-scan.js';
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
