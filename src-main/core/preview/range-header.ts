/**
 * One `Range: bytes=…` header read against an object's size (RFC 9110 §14):
 * a single range only (what <audio>/<video> and our text preview send);
 * several ranges, other units or a malformed header are ignored (the whole
 * object is sent, as the RFC allows); a range that starts past the end is
 * unsatisfiable (416). Pure.
 */
export type RangeVerdict = { kind: 'whole' } | { kind: 'range'; offset: number; length: number } | { kind: 'unsatisfiable' };

export function readRangeHeader(header: string | undefined | null, size: number): RangeVerdict {
  if (!header) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  if (match[1] === '') {
    // A suffix: the last n bytes.
    const suffix = Number(match[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    const length = Math.min(suffix, size);
    return size === 0 ? { kind: 'unsatisfiable' } : { kind: 'range', offset: size - length, length };
  }
  const first = Number(match[1]);
  const last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (!Number.isSafeInteger(first) || first >= size) return { kind: 'unsatisfiable' };
  if (last < first) return { kind: 'whole' }; // invalid: ignored
  return { kind: 'range', offset: first, length: last - first + 1 };
}
