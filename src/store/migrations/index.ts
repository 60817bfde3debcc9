/**
 * Every migration, in order, imported statically: a bundled or compiled build carries them, and no folder is
 * scanned at run time. Append new migrations at the end with a name that sorts after the last one
 * (`YYYY-MM-DD-NN-what`); never rename or edit one that has shipped.
 */
import type { Migration } from 'kysely';
import * as history from './2026-12-06-01-history.js';
import * as apiTokens from './2026-12-06-02-api-tokens.js';
import * as reportPeople from './2026-12-06-03-report-people.js';
import * as alerts from './2026-12-06-10-alerts.js';

export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['2026-12-06-01-history', history],
  ['2026-12-06-02-api-tokens', apiTokens],
  ['2026-12-06-03-report-people', reportPeople],
  ['2026-12-06-10-alerts', alerts],
];
