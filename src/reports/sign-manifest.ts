/**
 * Ed25519 signatures over manifest.json, with node:crypto only. manifest.sig holds the 64 raw signature bytes
 * over manifest.json's exact bytes, so OpenSSL verifies it too (`openssl pkeyutl -verify -pubin -inkey key.pub
 * -rawin -in manifest.json -sigfile manifest.sig`). The private key comes from a secret reference in the
 * configuration (`evidence.signingKey`); it is held as a KeyObject and never logged, echoed or written.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError, InputError } from '../errors.js';
import { resolveSecret, type SecretReference } from '../config/secret-reference.js';

const keyAdvice = 'generate one with `openssl genpkey -algorithm ed25519 -out manifest-signing.pem`';

/** Resolves `evidence.signingKey` and checks that it is an unencrypted Ed25519 private key in PEM (PKCS#8). */
export async function loadSigningKey(reference: SecretReference, environment: NodeJS.ProcessEnv = process.env): Promise<KeyObject> {
  const field = 'evidence.signingKey';
  const where = reference.env !== undefined ? `environment variable ${reference.env}` : `file ${reference.file ?? ''}`;
  const text = await resolveSecret(reference, field, environment);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (error) {
    // The decoder's message names the failure, never the key material.
    throw new ConfigError(`${field}: the ${where} does not hold a usable PEM private key (${(error as Error).message}); ${keyAdvice}.`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${field}: the ${where} holds a ${key.asymmetricKeyType ?? 'unknown'} key; manifests are signed with Ed25519: ${keyAdvice}.`);
  }
  return key;
}

/** Reads a public key for `verify --public-key` (SPKI PEM; a private key PEM also works and gives its public half). */
export async function loadPublicKey(file: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`--public-key ${file} cannot be read (${(error as Error).message}).`, { cause: error });
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (error) {
    throw new InputError(`--public-key ${file} is not a PEM public key (${(error as Error).message}); export it with \`openssl pkey -in manifest-signing.pem -pubout\`.`, {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`--public-key ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519.`);
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** `SHA256:` and the hex SHA-256 of the DER SPKI encoding (`openssl pkey -pubin -in key.pub -outform DER | sha256sum`). */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('hex')}`;
}

/** Ed25519 is deterministic: one key and one manifest always give the same signature. */
export function signManifest(manifestBytes: Uint8Array, privateKey: KeyObject): Buffer {
  return sign(null, manifestBytes, privateKey);
}

export function verifyManifestSignature(manifestBytes: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  // A signature of the wrong length makes node:crypto throw rather than answer false; it is simply not valid.
  if (signature.byteLength !== 64) return false;
  return verify(null, manifestBytes, publicKey, signature);
}
