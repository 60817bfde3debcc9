/**
 * `mfa-coverage verify DIR`: checks a report directory against its evidence manifest and prints, file by file,
 * what matches and what does not. Exit 0 when intact, 1 when anything was modified, removed, added to the
 * snapshot, or the signature is missing or invalid; 2 when DIR cannot be checked at all (no manifest.json, an
 * unreadable --public-key or --config).
 */
import { loadAppConfig } from '../config/app-config.js';
import { configurationHash } from '../reports/build-evidence-manifest.js';
import { loadPublicKey } from '../reports/sign-manifest.js';
import { verifyReportDirectory, type FileCheck, type VerificationResult } from '../reports/verify-report-directory.js';

export async function verifyCommand(directory: string, options: { publicKey?: string; snapshot?: string; config?: string }): Promise<number> {
  const publicKey = options.publicKey === undefined ? undefined : await loadPublicKey(options.publicKey);
  const expectedConfiguration = options.config === undefined ? undefined : configurationHash(await loadAppConfig(options.config));
  const result = await verifyReportDirectory(directory, {
    ...(publicKey ? { publicKey } : {}),
    ...(options.snapshot === undefined ? {} : { snapshotDirectory: options.snapshot }),
    ...(expectedConfiguration === undefined ? {} : { configurationHash: expectedConfiguration }),
  });
  console.log(formatVerification(result));
  return result.intact ? 0 : 1;
}

const statusLabels: Record<FileCheck['status'], string> = {
  ok: 'ok',
  modified: 'MODIFIED',
  missing: 'MISSING',
  unreadable: 'UNREADABLE',
  unlisted: 'ADDED',
  invalid: 'INVALID',
};

/** The verification as a person reads it: a header, one line per file, the signature, the verdict. */
export function formatVerification(result: VerificationResult): string {
  const { manifest } = result;
  const lines = [
    manifest
      ? `Evidence manifest of ${result.directory}: report generated ${manifest.generatedAt} by mfa-coverage ${manifest.scanner.version} for ${manifest.organisation.name}`
      : `Evidence manifest of ${result.directory}`,
  ];
  const snapshotLabel = manifest ? manifest.snapshot.directory : 'snapshot';
  for (const check of result.files) {
    const name = check.group === 'snapshot' ? `${snapshotLabel}/${check.path}` : check.group === 'history' ? `${check.path} (history)` : check.path;
    lines.push(`  ${statusLabels[check.status].padEnd(10)} ${name}${describeCheck(check)}`);
  }
  if (manifest && !result.snapshotDirectoryFound) {
    lines.push(`  the snapshot directory ${result.snapshotDirectory ?? ''} was not found: if it moved, pass --snapshot DIR`);
  }
  lines.push(`  signature: ${result.signature.status}: ${result.signature.detail}`);
  if (result.configuration) {
    lines.push(
      result.configuration.matches
        ? `  configuration: matches --config (sha256 ${result.configuration.actual})`
        : `  configuration: DIFFERS: the report was made with configuration sha256 ${result.configuration.expected} (${manifest?.configuration.origin ?? 'unknown origin'}), --config hashes to ${result.configuration.actual}`,
    );
  }
  const bad = result.files.filter((check) => check.status !== 'ok');
  const checked = result.files.filter((check) => check.status !== 'unlisted').length;
  if (result.intact) {
    lines.push(`Intact: all ${checked} files match the manifest${result.signature.status === 'valid' ? ' and the signature is valid' : ''}.`);
  } else {
    const counts = Object.entries(countBy(bad.map((check) => statusLabels[check.status].toLowerCase())))
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    const parts = [bad.length > 0 ? `${bad.length} file${bad.length === 1 ? ' does' : 's do'} not match (${counts})` : '', signatureProblem(result), result.configuration?.matches === false ? 'configuration differs' : '']
      .filter((part) => part !== '')
      .join('; ');
    lines.push(`NOT INTACT: ${parts}.`);
  }
  return lines.join('\n');
}

function describeCheck(check: FileCheck): string {
  if (check.status === 'modified' && check.expected && check.actual) {
    return ` (sha256 ${check.actual.sha256}, ${check.actual.bytes} bytes; the manifest recorded ${check.expected.sha256}, ${check.expected.bytes} bytes)`;
  }
  return check.detail ? ` (${check.detail})` : '';
}

function signatureProblem(result: VerificationResult): string {
  const { status } = result.signature;
  return status === 'unsigned' || status === 'valid' ? '' : `signature ${status}`;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
