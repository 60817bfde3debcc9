/**
 * SHA-256 of bytes in memory, of bytes as they stream past, and of files on disk. Files and streams go through
 * the hash chunk by chunk, so a snapshot endpoint file or a report artefact of any size is hashed in constant memory.
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

/** SHA-256 and length of a byte stream fed chunk by chunk; `result` ends it. */
export class StreamDigest {
  readonly #hash = createHash('sha256');
  #bytes = 0;

  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.byteLength;
  }

  result(): FileDigest {
    return { bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }
}

/** Rejects with the stream's error (ENOENT, EACCES, EISDIR) for the caller to name the file. */
export async function digestFile(file: string): Promise<FileDigest> {
  const digest = new StreamDigest();
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) digest.update(chunk);
  return digest.result();
}
