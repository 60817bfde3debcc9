/**
 * A small raw snapshot on disk for the evidence-manifest tests: one Entra source with users (a hostile display
 * name among them), a registration report, a keyed endpoint, request counts and declared permissions.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { SnapshotWriter } from '../../src/snapshot/snapshot-writer.js';

export const fixtureSnapshotCreatedAt = '2026-11-01T08:00:00.000Z';

export async function writeFixtureSnapshot(target: string, createdAt = fixtureSnapshotCreatedAt): Promise<string> {
  const now = () => new Date(createdAt);
  const writer = await SnapshotWriter.create(target, { now, scannerVersion: '0.0.0-test' });
  await writer.recordSource({ sourceId: 'corp', connector: 'entra', tenant: 'corp.example' }, async (recorder) => {
    recorder.declarePermissions(['User.Read.All', 'AuditLog.Read.All']);
    await recorder.endpoint('users').write({
      value: [
        { id: 'u1', userPrincipalName: 'alice@corp.example', displayName: 'Alice', accountEnabled: true, userType: 'Member' },
        { id: 'u2', userPrincipalName: 'bob@corp.example', displayName: '=HYPERLINK("http://evil.example")', accountEnabled: true, userType: 'Member' },
      ],
    });
    await recorder.endpoint('userRegistrationDetails').write({
      value: [
        { id: 'u1', userPrincipalName: 'alice@corp.example', isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] },
        { id: 'u2', userPrincipalName: 'bob@corp.example', isMfaRegistered: false, methodsRegistered: [] },
      ],
    });
    await recorder.endpoint('groupMembers', { keyed: true }).write({ key: 'g1', status: 200, body: { value: [{ id: 'u1' }] } });
    recorder.countRequest('GET /users');
    recorder.countRequest('GET /users');
    recorder.countRequest('GET /reports/authenticationMethods/userRegistrationDetails');
  });
  return writer.commit({ organisation: { name: 'Corp & Co' }, settings: { dormantAfterDays: 90, serviceAccountPatterns: ['^svc[-_.]'] } });
}

export function ed25519KeyPair(): { privateKey: KeyObject; publicKey: KeyObject; privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function snapshotFile(snapshot: string, ...parts: string[]): string {
  return path.join(snapshot, ...parts);
}
