/**
 * Which fileHash values the app can check: `Full` + the SHA-256 of the whole
 * content, 64 hex digits (uppercase on the wire; lowercase is accepted and
 * compared as the same digits). Anything else — `Comp…` (a hash over part
 * hashes, which needs the part boundaries we do not have), or a value that is
 * not a hash at all — cannot be checked against the bytes: such a download is
 * "not verified", and refused outright when the settings require verified
 * downloads.
 */
const FULL = 'Full';
const FULL_LENGTH = FULL.length + 64;

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** The SHA-256 (lowercase hex) a fileHash promises, or undefined when it cannot be checked. A loop, not a pattern: a listing checks every object's (100,000 on a rescan). */
export function expectedSha256(fileHash: string | null | undefined): string | undefined {
  if (!fileHash || fileHash.length !== FULL_LENGTH || !fileHash.startsWith(FULL)) return undefined;
  for (let i = FULL.length; i < FULL_LENGTH; i++) if (!isHexDigit(fileHash.charCodeAt(i))) return undefined;
  return fileHash.slice(FULL.length).toLowerCase();
}

export function isVerifiableFileHash(fileHash: string | null | undefined): boolean {
  return expectedSha256(fileHash) !== undefined;
}
