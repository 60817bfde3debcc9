#!/usr/bin/env node
/** The `mfa-coverage` command line: scan, analyse, verify, simulate, demo. */
import { Command, InvalidArgumentError } from 'commander';
import { scannerVersion } from '../version.js';
import { runCliCommand } from './run-cli-command.js';
import { scanCommand } from './scan-command.js';
import { analyseCommand } from './analyse-command.js';
import { simulateCommand } from './simulate-command.js';
import { verifyCommand } from './verify-command.js';
import { demoCommand } from './demo-command.js';
import { serveCommand } from './serve-command.js';
import { workerCommand } from './worker-command.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './token-command.js';

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

const program = new Command()
  .name('mfa-coverage')
  .description('Which accounts can sign in without multi-factor authentication, and why.')
  .version(scannerVersion);

program
  .command('scan')
  .description('scan the configured tenants (read-only) and write the raw snapshot and the report')
  .requiredOption('-c, --config <file>', 'configuration file (see config/example.yaml)')
  .option('-o, --out <dir>', 'output directory (default: a timestamped folder under output.directory)')
  .option('--no-progress', 'plain log lines instead of a progress bar')
  .option('--incremental-from <dir>', 'an earlier raw snapshot: unchanged per-user payloads are carried forward where the connector can tell (Okta)')
  .option('--history <dir>', 'earlier report.json files (or scan folders holding one) for the trend and diff (default: output.history)')
  .action((options: { config: string; out?: string; progress: boolean; incrementalFrom?: string; history?: string }) => runCliCommand(() => scanCommand(options)));

program
  .command('analyse')
  .alias('analyze')
  .description('re-derive the report offline from a stored raw snapshot')
  .requiredOption('-s, --snapshot <dir>', 'raw snapshot directory (the `snapshot` folder of a scan)')
  .option('-o, --out <dir>', 'where to write the report files and manifest.json (default: beside the snapshot)')
  .option('-c, --config <file>', 'use this config for organisation and analysis settings instead of those recorded in the snapshot')
  .option('--generated-at <iso>', 'fix the report generation time (for byte-identical reruns)')
  .option('--history <dir>', 'earlier report.json files (or scan folders holding one) for the trend and diff')
  .action((options: { snapshot: string; out?: string; config?: string; generatedAt?: string; history?: string }) =>
    runCliCommand(() => analyseCommand(options)),
  );

program
  .command('verify')
  .description('check a report directory against its evidence manifest (manifest.json, manifest.sig): exit 0 intact, 1 modified')
  .argument('<dir>', 'report directory holding manifest.json')
  .option('--public-key <file>', "the signer's Ed25519 public key (PEM); the manifest must then carry a valid signature by it")
  .option('--snapshot <dir>', 'the raw snapshot, when it no longer sits where the manifest says')
  .option('-c, --config <file>', 'also check that the report was made with this configuration (canonical hash)')
  .action((directory: string, options: { publicKey?: string; snapshot?: string; config?: string }) =>
    runCliCommand(() => verifyCommand(directory, options)),
  );

program
  .command('simulate')
  .description("serve a tenant directory over the identity provider's own wire protocol, for rehearsing a scan")
  .requiredOption('-t, --tenant <dir>', 'a snapshot directory or one source directory inside it')
  .option('-p, --port <n>', 'first port to listen on (0 picks free ports)', portNumber, 0)
  .option('--inject <file>', 'audit-log injections (YAML/JSON, docs/alerts.md) applied while serving, to rehearse alerts')
  .action((options: { tenant: string; port: number; inject?: string }) => runCliCommand(() => simulateCommand(options)));

program
  .command('demo')
  .description('generate a demo tenant, scan it through the local simulators and write a report (no credentials, no Redis)')
  .option('-o, --out <dir>', 'output directory', 'out/demo')
  .option('--seed <n>', 'seed of the generated tenant', (value) => Number.parseInt(value, 10), 2026)
  .option('--users <n>', 'users in the demo tenant', (value) => Number.parseInt(value, 10), 1500)
  .action((options: { out: string; seed: number; users: number }) => runCliCommand(() => demoCommand(options)));

const token = program.command('token').description('API tokens of the service (stored as SHA-256 digests in the configured store)');

token
  .command('create')
  .description('create a token and print it once (scopes: reports:read, scans:run, metrics:read, admin)')
  .requiredOption('-c, --config <file>', 'configuration file naming the store')
  .requiredOption('--name <name>', 'who or what uses the token')
  .requiredOption('--scopes <list>', 'comma-separated scopes, e.g. reports:read,scans:run')
  .option('--expires-in-days <n>', 'stop accepting the token after this many days')
  .action((options: { config: string; name: string; scopes: string; expiresInDays?: string }) => runCliCommand(() => tokenCreateCommand(options)));

token
  .command('list')
  .description('list tokens with their scopes, last use and state (never their secret)')
  .requiredOption('-c, --config <file>', 'configuration file naming the store')
  .action((options: { config: string }) => runCliCommand(() => tokenListCommand(options)));

token
  .command('revoke')
  .description('revoke a token by id, or every active token with that name')
  .argument('<id-or-name>', 'token id (from token list) or name')
  .requiredOption('-c, --config <file>', 'configuration file naming the store')
  .action((idOrName: string, options: { config: string }) => runCliCommand(() => tokenRevokeCommand(idOrName, options)));

program
  .command('serve')
  .description('the HTTP API and the scan scheduler (Redis and the store from the config); --with-worker also runs the workers')
  .requiredOption('-c, --config <file>', 'configuration file (queue, store, schedules, api: see config/example.yaml)')
  .option('--with-worker', 'run the scan workers in this process too (one machine)', false)
  .action((options: { config: string; withWorker: boolean }) => runCliCommand(() => serveCommand(options)));

program
  .command('worker')
  .description('run scan workers: collect sources and write reports for runs queued in Redis, until SIGTERM/SIGINT')
  .requiredOption('-c, --config <file>', 'configuration file (the same one serve uses)')
  .action((options: { config: string }) => runCliCommand(() => workerCommand(options)));

await program.parseAsync();
