/**
 * Which fileHash values the app can check: `Full` + the SHA-256 of the whole
 * content, 64 hex digits (uppercase on the wire; lowercase is accepted and
 * compared as the same digits). Anything else — `Comp…` (a hash over part
 * hashes, which needs the part boundaries we do not have), or a value that is
 * not a hash at all — cannot be checked against the bytes: such a download is
 * "not verified", and refused outright when the settings require verified
 * downloads.
 */
const FULL_SHA256 = /^Full([0-9A-Fa-f]{64})$/;

/** The SHA-256 (lowercase hex) a fileHash promises, or undefined when it cannot be checked. */
export function expectedSha256(fileHash: string | null | undefined): string | undefined {
  const m = fileHash ? FULL_SHA256.exec(fileHash) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

export function isVerifiableFileHash(fileHash: string | null | undefined): boolean {
  return expectedSha256(fileHash) !== undefined;
}
