/**
 * The edge of reconcile: reads the roster and the exception register named in the configuration (paths
 * relative to a base folder, normally the configuration file's), and records them into a snapshot so that
 * `analyse --snapshot` alone re-derives the same report later. The copies keep their file names, which the
 * report quotes as evidence (`roster.csv:12`).
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError, SnapshotError } from '../errors.js';
import { formatZodIssues } from '../config/format-zod-issues.js';
import type { ReconcileInputs } from './analyse-snapshot.js';
import { loadExceptionRegister } from './load-exception-register.js';
import { loadRoster } from './load-roster.js';
import {
  breakGlassAccountSchema,
  correlationConfigSchema,
  directoryConfigSchema,
  federationConfigSchema,
  methodPolicyConfigSchema,
  tiersConfigSchema,
  type ReconcileConfig,
} from './reconcile-config.js';

/** The reconcile part of the configuration file, as app-config.ts validated it. */
export interface ReconcileSettings extends ReconcileConfig {
  /** The exception register's path. */
  exceptions?: string;
}

export const recordedInputsDirectory = 'reconcile';
const recordedSettingsFile = 'reconcile.json';

const recordedSettingsSchema = z
  .object({
    directory: directoryConfigSchema.optional(),
    correlation: correlationConfigSchema,
    breakGlass: z.array(breakGlassAccountSchema),
    tiers: tiersConfigSchema,
    methodPolicy: methodPolicyConfigSchema,
    exceptions: z.string().optional(),
    federation: federationConfigSchema,
  })
  .strict();

/** Picks the reconcile fields out of a validated configuration. */
export function reconcileSettingsOf(config: ReconcileSettings): ReconcileSettings {
  return {
    ...(config.directory ? { directory: config.directory } : {}),
    correlation: config.correlation,
    breakGlass: config.breakGlass,
    tiers: config.tiers,
    methodPolicy: config.methodPolicy,
    ...(config.exceptions ? { exceptions: config.exceptions } : {}),
    federation: config.federation,
  };
}

export async function loadReconcileInputs(settings: ReconcileSettings, baseDirectory: string): Promise<ReconcileInputs> {
  const { directory: directoryConfig, exceptions, ...rest } = settings;
  const config: ReconcileConfig = { ...rest, ...(directoryConfig ? { directory: directoryConfig } : {}) };
  let directory: ReconcileInputs['directory'] = null;
  if (directoryConfig && 'roster' in directoryConfig) {
    const file = path.resolve(baseDirectory, directoryConfig.roster);
    directory = { kind: 'roster', file: path.basename(file), people: await loadRoster(file, directoryConfig) };
  } else if (directoryConfig) {
    directory = { kind: 'source', sourceId: directoryConfig.source };
  }
  const register = exceptions ? await loadExceptionRegister(path.resolve(baseDirectory, exceptions)) : null;
  return { config, directory, register };
}

/** Copies the roster and register into `<snapshot>/reconcile/` with the settings that point at the copies. */
export async function recordReconcileInputs(snapshotDirectory: string, settings: ReconcileSettings, baseDirectory: string): Promise<void> {
  const target = path.join(snapshotDirectory, recordedInputsDirectory);
  await mkdir(target, { recursive: true });
  const recorded: ReconcileSettings = { ...settings };
  const rosterName = settings.directory && 'roster' in settings.directory ? path.basename(settings.directory.roster) : undefined;
  const registerName = settings.exceptions ? path.basename(settings.exceptions) : undefined;
  // Two inputs with one file name (hr/data.csv, risk/data.csv) each get a folder, so neither overwrites the other;
  // the report still quotes each by its own file name.
  const clash = rosterName !== undefined && rosterName === registerName;
  if (settings.directory && 'roster' in settings.directory && rosterName) {
    const name = clash ? path.join('roster', rosterName) : rosterName;
    await copyInput(path.resolve(baseDirectory, settings.directory.roster), path.join(target, name));
    recorded.directory = { ...settings.directory, roster: name };
  }
  if (settings.exceptions && registerName) {
    const name = clash ? path.join('exceptions', registerName) : registerName;
    await copyInput(path.resolve(baseDirectory, settings.exceptions), path.join(target, name));
    recorded.exceptions = name;
  }
  await writeFile(path.join(target, recordedSettingsFile), `${JSON.stringify(recorded, null, 2)}\n`);
}

/** The settings a scan recorded in its snapshot, with paths relative to the recorded folder; undefined when none. */
export async function readRecordedReconcileSettings(snapshotDirectory: string): Promise<{ settings: ReconcileSettings; baseDirectory: string } | undefined> {
  const baseDirectory = path.join(snapshotDirectory, recordedInputsDirectory);
  const file = path.join(baseDirectory, recordedSettingsFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SnapshotError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = recordedSettingsSchema.safeParse(raw);
  if (!result.success) throw new SnapshotError(`${file} is not valid: ${formatZodIssues(result.error)}`);
  return { settings: result.data, baseDirectory };
}

async function copyInput(from: string, to: string): Promise<void> {
  try {
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
  } catch (error) {
    throw new InputError(`Cannot copy ${from} into the snapshot: ${(error as Error).message}`, { cause: error });
  }
}
