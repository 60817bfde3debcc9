import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SnapshotWriter } from '../../src/snapshot/snapshot-writer.js';
import { openSnapshot } from '../../src/snapshot/snapshot-reader.js';
import { SnapshotError } from '../../src/errors.js';

const fixedNow = () => new Date('2026-11-01T08:00:00.000Z');

async function tempDir(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'mfa-snapshot-'));
  created.push(directory);
  return directory;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('raw snapshot', () => {
  it('round-trips pages, keyed lines, request counts and errors', async () => {
    const root = await tempDir();
    const target = path.join(root, 'snap');
    const writer = await SnapshotWriter.create(target, { now: fixedNow, scannerVersion: '0.0.0-test' });
    const meta = await writer.recordSource({ sourceId: 'corp', connector: 'entra', tenant: 'corp.example' }, async (recorder) => {
      const users = recorder.endpoint('users');
      await users.write({ value: [{ id: '1' }], '@odata.nextLink': 'next' });
      await users.write({ value: [{ id: '2' }] });
      await recorder.endpoint('methods', { keyed: true }).write({ key: '1', status: 200, body: { value: [] } });
      recorder.countRequest('GET /users');
      recorder.countRequest('GET /users');
      recorder.recordError({ endpoint: 'policies', code: 'PERMISSION_MISSING', message: 'denied', permission: 'Policy.Read.All', httpStatus: 403 });
    });
    expect(meta.status).toBe('partial');
    await writer.commit();

    const snapshot = await openSnapshot(target);
    expect(snapshot.manifest.sources).toEqual(['corp']);
    const [source] = snapshot.sources;
    expect(source?.meta.requests).toEqual({ 'GET /users': 2 });
    expect(source?.meta.errors[0]?.permission).toBe('Policy.Read.All');
    const pages = await collect(source!.parsed('users', z.object({ value: z.array(z.object({ id: z.string() })) })));
    expect(pages.flatMap((page) => page.value.map((user) => user.id))).toEqual(['1', '2']);
    const keyed = await collect(source!.keyed('methods', z.object({ value: z.array(z.unknown()) })));
    expect(keyed).toEqual([{ key: '1', status: 200, body: { value: [] } }]);
    expect(source!.has('absent')).toBe(false);
    expect(await collect(source!.lines('absent'))).toEqual([]);
  });

  it('marks a source failed when collection throws, and still commits the others', async () => {
    const root = await tempDir();
    const writer = await SnapshotWriter.create(path.join(root, 'snap'), { now: fixedNow, scannerVersion: 't' });
    const failed = await writer.recordSource({ sourceId: 'a', connector: 'entra', tenant: 'a' }, async () => {
      throw new Error('users unreadable');
    });
    const ok = await writer.recordSource({ sourceId: 'b', connector: 'entra', tenant: 'b' }, async () => undefined);
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]?.message).toBe('users unreadable');
    expect(ok.status).toBe('complete');
  });

  it('never leaves a half-written snapshot and never overwrites one', async () => {
    const root = await tempDir();
    const target = path.join(root, 'snap');
    const writer = await SnapshotWriter.create(target, { now: fixedNow, scannerVersion: 't' });
    await writer.recordSource({ sourceId: 'a', connector: 'entra', tenant: 'a' }, async () => undefined);
    expect(await readdir(root)).not.toContain('snap');
    await writer.discard();
    expect(await readdir(root)).toEqual([]);

    const second = await SnapshotWriter.create(target, { now: fixedNow, scannerVersion: 't' });
    await second.commit();
    await expect(SnapshotWriter.create(target, { now: fixedNow, scannerVersion: 't' })).rejects.toThrow(/already exists/);
  });

  it('rejects a source id recorded twice', async () => {
    const writer = await SnapshotWriter.create(path.join(await tempDir(), 's'), { now: fixedNow, scannerVersion: 't' });
    await writer.recordSource({ sourceId: 'a', connector: 'entra', tenant: 'a' }, async () => undefined);
    await expect(writer.recordSource({ sourceId: 'a', connector: 'entra', tenant: 'a' }, async () => undefined)).rejects.toThrow(
      /recorded twice/,
    );
  });

  it('names the file, line and field of a malformed payload', async () => {
    const root = await tempDir();
    const target = path.join(root, 'snap');
    const writer = await SnapshotWriter.create(target, { now: fixedNow, scannerVersion: 't' });
    await writer.recordSource({ sourceId: 'a', connector: 'entra', tenant: 'a' }, async (recorder) => {
      await recorder.endpoint('users').write({ value: [{ id: '1' }] });
    });
    await writer.commit();
    const file = path.join(target, 'sources', 'a', 'users.jsonl');
    await writeFile(file, `${await readFile(file, 'utf8')}{"value":[{"id":7}]}\nnot json\n`);
    const [source] = (await openSnapshot(target)).sources;
    const schema = z.object({ value: z.array(z.object({ id: z.string() })) });
    await expect(collect(source!.parsed('users', schema))).rejects.toThrow(/users\.jsonl:2: field value\.0\.id/);
    const error = await collect(source!.lines('users')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnapshotError);
    expect(String(error)).toMatch(/users\.jsonl:3: not valid JSON/);
  });

  it('explains a directory that is not a snapshot', async () => {
    await expect(openSnapshot(await tempDir())).rejects.toThrow(/snapshot\.json is missing/);
  });
});
