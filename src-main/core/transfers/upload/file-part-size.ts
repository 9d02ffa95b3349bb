/**
 * The part size of a multipart upload read from a file on disk. Every part
 * costs the service a request, a temporary file, a sync, a rename and
 * catalog commits whatever its size; for a 1 GiB file 8 MiB parts (128 of
 * them) spent about a quarter of the embedded node's CPU on that (measured:
 * 8.3–8.9 CPU-seconds per GiB with 8 MiB parts, 6.7–7.5 with 64 MiB). So a
 * big file goes in about 16 parts of up to 64 MiB: still enough parts for
 * several in flight, and an interruption resends at most the parts in flight.
 * Parts streamed from a browser stay at the plain size: the page holds each
 * one in memory.
 */
import type { MultipartLimits } from '../../../providers/storage-provider';
import { multipartPartSize } from '../part-size';

const MIB = 1024 * 1024;
const PARTS_AIMED_AT = 16;
const LARGEST_CHOSEN_PART = 64 * MIB;

export function filePartSize(fileSize: number, thresholdBytes: number, limits: MultipartLimits): number {
  const plain = multipartPartSize(fileSize, thresholdBytes, limits);
  const few = Math.min(LARGEST_CHOSEN_PART, Math.ceil(fileSize / PARTS_AIMED_AT / MIB) * MIB, limits.maxPartSize);
  return Math.max(plain, few);
}
