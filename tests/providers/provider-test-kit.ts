/**
 * Small tools for provider tests: upload bodies that behave like the
 * engine's (one buffer reused for every chunk, so a provider that keeps a
 * chunk instead of sending or copying it stores garbage), reading a result to
 * the end, and checking which error a call failed with.
 */
import { expect } from 'vitest';
import { ProviderError, type ProviderErrorCode } from '../../src-main/providers/provider-errors';
import type { ReadResult, UploadBody } from '../../src-main/providers/storage-provider';

const CHUNK = 16 * 1024;

/** `bytes` as an upload body that hands out one reused buffer, chunk after chunk. */
export function reusedBufferBody(bytes: Buffer): UploadBody {
  return {
    size: bytes.length,
    async *open() {
      const shared = Buffer.alloc(Math.min(CHUNK, Math.max(bytes.length, 1)));
      for (let offset = 0; offset < bytes.length; offset += shared.length) {
        const n = bytes.copy(shared, 0, offset, offset + shared.length);
        yield n === shared.length ? shared : shared.subarray(0, n);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

export const textBody = (text: string): UploadBody => reusedBufferBody(Buffer.from(text, 'utf8'));

export async function readAll(result: ReadResult): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of result.stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The ProviderError `promise` rejects with; fails the test unless it has `code`. */
export async function providerError(promise: Promise<unknown>, code: ProviderErrorCode): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ProviderError ${code}`).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).code, (error as Error).message).toBe(code);
  return error as ProviderError;
}

/** Deterministic bytes of any length (no two parts of a multipart upload alike). */
export function patternBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

export const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export const uniqueName = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Byte-for-byte equality, checked fast (a deep equal of megabytes takes seconds) and reported briefly. */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  let at = 0;
  while (at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
  expect.fail(`bytes differ: ${actual.length} bytes where ${expected.length} were expected, first difference at byte ${at}`);
}
