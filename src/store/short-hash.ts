// maestro-cli shortens every SHA-256 to its first 16 hex characters (64 bits): event hashes, artefact
// hashes. One helper so the length cannot drift between writer and verifier.
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SHORT_HASH_LENGTH = 16;

/** First 16 hex characters of the SHA-256 of `data` (strings are hashed as UTF-8). */
export function shortSha256(data: string | Uint8Array): string {
  // crypto.hash: one call, no Hash object (about twice as fast for the short texts hashed per event).
  return shortHex(hash('sha256', data, 'buffer'));
}

/**
 * The first 16 hex characters of a digest, as a string of its own. (A slice of the full hex string would
 * keep all 64 characters alive: V8 slices longer strings by reference, and a 10 000-task run holds a
 * dozen of these per task.)
 */
export function shortHex(digest: Buffer): string {
  return digest.toString('hex', 0, SHORT_HASH_LENGTH / 2);
}

/** The `log_hash` / `result_hash` of a task artefact: shortSha256 of the file's bytes. */
export function artifactHash(filePath: string): string {
  return shortSha256(readFileSync(filePath));
}
