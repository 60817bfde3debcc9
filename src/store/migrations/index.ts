/**
 * Every migration, in order, imported statically: a bundled or compiled build carries them, and no folder is
 * scanned at run time. Append new migrations at the end with a name that sorts after the last one
 * (`YYYY-MM-DD-NN-what`); never rename or edit one that has shipped.
 */
import type { Migration } from 'kysely';
import * as history from './2026-12-06-01-history.js';

export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['2026-12-06-01-history', history],
];
