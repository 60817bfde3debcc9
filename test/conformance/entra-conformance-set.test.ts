/** The conformance-set reader: the folder layout maintainers drop real sets into, and its errors. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConformanceSets } from './entra-conformance-set.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('Entra conformance sets on disk', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'conformance-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds nothing where the shared folder does not exist', async () => {
    expect(await readConformanceSets(path.join(root, 'absent'))).toEqual([]);
  });

  it('reads every set folder in name order', async () => {
    await cp(path.join(here, 'entra', 'authentication-flows'), path.join(root, 'b-set'), { recursive: true });
    await cp(path.join(here, 'entra', 'powershell-tenant-export'), path.join(root, 'a-set'), { recursive: true });
    const sets = await readConformanceSets(root);
    expect(sets.map((set) => set.name)).toEqual(['a-set', 'b-set']);
    expect(sets[0]?.policies.length).toBe(10);
  });

  it('names the file and field of a set that does not follow the layout', async () => {
    await cp(path.join(here, 'entra', 'authentication-flows'), path.join(root, 'broken'), { recursive: true });
    await writeFile(path.join(root, 'broken', 'expected.json'), JSON.stringify({ accounts: { 'a@b.example': { mfaEnforced: 'maybe', legacyAuth: 'open', covered: 'no', why: 'x' } } }));
    await expect(readConformanceSets(root)).rejects.toThrow(/broken\/expected\.json: accounts\.a@b\.example\.mfaEnforced/);
  });
});
