/**
 * Which ranges recorded by an earlier run of a download still hold their
 * bytes in the partial file. A range is recorded once written, not synced, so
 * a crash of the machine (not just of the app) can leave it short, stale or
 * zeroed on disk: each is read again from the file and kept only if its
 * fingerprint (range-fingerprint.ts: a CRC-32, or the SHA-256 recorded by
 * app database v13) is the one recorded; the others are fetched again. Ranges recorded
 * without a hash (before hashes were recorded) were synced when recorded: they
 * are kept if the file still reaches their end.
 */
import type { FileHandle } from 'node:fs/promises';
import type { UnitRow } from '../transfer-store';
import { fingerprintChecker } from './range-fingerprint';

const READ_SIZE = 1024 * 1024;

export async function intactRanges(handle: FileHandle, fileSize: number, recorded: readonly UnitRow[]): Promise<UnitRow[]> {
  const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, Math.max(1, ...recorded.map((u) => u.size))));
  const intact: UnitRow[] = [];
  for (const unit of recorded) {
    if (unit.offset + unit.size > fileSize) continue;
    if (!unit.sha256 || (await rangeMatches(handle, buffer, unit.offset, unit.size, unit.sha256))) intact.push(unit);
  }
  return intact;
}

async function rangeMatches(handle: FileHandle, buffer: Buffer, offset: number, size: number, recorded: string): Promise<boolean> {
  const hash = fingerprintChecker(recorded);
  if (!hash) return false;
  for (let done = 0; done < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - done), offset + done);
    if (bytesRead === 0) return false; // shorter than recorded
    hash.update(buffer.subarray(0, bytesRead));
    done += bytesRead;
  }
  return hash.matches();
}
