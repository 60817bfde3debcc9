/**
 * SHA-256 of bytes in memory and of files on disk. Files are streamed through the hash, so a snapshot endpoint
 * file of any size is hashed in constant memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  bytes: number;
  sha256: string;
}

export function digestBytes(content: Uint8Array | string): FileDigest {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Rejects with the stream's error (ENOENT, EACCES, EISDIR) for the caller to name the file. */
export async function digestFile(file: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { bytes, sha256: hash.digest('hex') };
}
