// maestro-cli shortens every SHA-256 to its first 16 hex characters (64 bits): event hashes, artefact
// hashes. One helper so the length cannot drift between writer and verifier.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SHORT_HASH_LENGTH = 16;

/** First 16 hex characters of the SHA-256 of `data` (strings are hashed as UTF-8). */
export function shortSha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, SHORT_HASH_LENGTH);
}

/** The `log_hash` / `result_hash` of a task artefact: shortSha256 of the file's bytes. */
export function artifactHash(filePath: string): string {
  return shortSha256(readFileSync(filePath));
}
