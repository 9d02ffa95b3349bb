/**
 * The start of a text file for its preview: at most TEXT_PREVIEW_BYTES, asked
 * for as a range (a service without ranges sends the whole file: the reader
 * stops after the bound and cancels the rest), decoded as UTF-8 without
 * cutting a character in half. A file with NUL bytes near its start is taken
 * for binary and not shown.
 */
import { TEXT_PREVIEW_BYTES } from '@shared/preview/preview-request';

export interface TextPreview {
  text: string;
  /** The file is longer than what is shown. */
  truncated: boolean;
  binary: boolean;
}

export async function readTextPreview(url: string, size: number, signal: AbortSignal): Promise<TextPreview> {
  const response = await fetch(url, { headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` }, signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader && total < TEXT_PREVIEW_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  if (total >= TEXT_PREVIEW_BYTES) void reader?.cancel();
  const bytes = new Uint8Array(Math.min(total, TEXT_PREVIEW_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  const binary = bytes.subarray(0, 8192).includes(0);
  // stream: true keeps a character cut by the bound out instead of showing U+FFFD for it.
  const text = binary ? '' : new TextDecoder('utf-8').decode(bytes, { stream: size > bytes.length });
  return { text, truncated: size > bytes.length, binary };
}
