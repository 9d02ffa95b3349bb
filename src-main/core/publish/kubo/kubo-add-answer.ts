/**
 * Reads Kubo's `add` answer: newline-delimited JSON where a line with `Hash`
 * is a result (`Size` a decimal string: the DAG size), a line with `Bytes`
 * is progress (cumulative per file), and a line `{Message, Type: "error"}` or
 * the `X-Stream-Error` trailer is a failure after the 200 went out. Every line
 * is checked: an answer we cannot vouch for is BadResponse, never a guess.
 */
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { isCidV0 } from '../../../common/ipfs/cid';
import { snippet } from '../../../providers/provider-http';
import { PublishEndpointError } from '../publish-endpoint-error';
import { unreachable, type EndpointCall } from '../endpoint-http';

export interface KuboAdded {
  name: string;
  cid: string;
  /** Kubo's `Size`: the root block and all its descendants, protobuf overhead included. */
  dagSize: number;
}

const MAX_LINE = 64 * 1024;

const resultLine = z.object({ Name: z.string(), Hash: z.string(), Size: z.string().regex(/^\d{1,16}$/, 'Size must be a decimal string') });
const progressLine = z.object({ Name: z.string().optional(), Bytes: z.number().int().nonnegative() });
const errorLine = z.object({ Message: z.string(), Type: z.literal('error') });

export interface AddAnswerExpectations {
  /** Every path that was sent; a result for anything else is not ours. */
  paths: ReadonlySet<string>;
  /** The files sent: each must have a result, or the add did not finish. (Folder lines are not required: some Kubo-compatible servers leave out an empty folder's line.) */
  files: ReadonlySet<string>;
  /** The result that is the root: the single top-level path, or '' for the wrapping folder. */
  rootName: string;
  onProgress?: (bytes: number) => void;
}

export async function readAddAnswer(res: IncomingMessage, call: EndpointCall, expect: AddAnswerExpectations): Promise<{ root: KuboAdded; all: KuboAdded[] }> {
  const bad = (what: string) => new PublishEndpointError('BadResponse', call.endpoint, `Kubo RPC at ${call.endpoint} answered ${call.route} ${what}`, false, res.statusCode);
  const results = new Map<string, KuboAdded>();
  const progress = new Map<string, number>();
  let reported = 0;
  const handle = (line: string): void => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw bad(`with a line that is not JSON: ${snippet(line)}`);
    }
    const failure = errorLine.safeParse(value);
    if (failure.success) throw new PublishEndpointError('Refused', call.endpoint, `Kubo RPC at ${call.endpoint} failed the add: ${snippet(failure.data.Message)}`, true, res.statusCode);
    if (value && typeof value === 'object' && 'Hash' in value) {
      const parsed = resultLine.safeParse(value);
      if (!parsed.success) throw bad(`with a result line of an unexpected shape (${parsed.error.issues[0]?.message ?? 'invalid'}): ${snippet(line)}`);
      const { Name: name, Hash: cid, Size } = parsed.data;
      if (!isCidV0(cid)) throw bad(`with '${snippet(cid)}' for '${name}', which is not a CIDv0 (cid-version=0 was asked: does the node ignore the flag?)`);
      if (name !== expect.rootName && !expect.paths.has(name)) throw bad(`with a result for '${snippet(name)}', which was not sent`);
      if (results.has(name)) throw bad(`with two results for '${name}'`);
      results.set(name, { name, cid, dagSize: Number(Size) });
      return;
    }
    const parsed = progressLine.safeParse(value);
    if (!parsed.success) throw bad(`with a line that is neither a result nor progress: ${snippet(line)}`);
    const name = parsed.data.Name ?? '';
    const before = progress.get(name) ?? 0;
    if (parsed.data.Bytes > before) {
      progress.set(name, parsed.data.Bytes);
      reported += parsed.data.Bytes - before;
      expect.onProgress?.(reported);
    }
  };

  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let newline: number;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        handle(line);
      }
      if (pending.length > MAX_LINE) throw bad(`with a line longer than ${MAX_LINE} bytes`);
    }
  } catch (error) {
    res.destroy();
    if (error instanceof PublishEndpointError) throw error;
    throw unreachable(call, error);
  }
  handle(pending + decoder.end());

  const trailerError = res.trailers['x-stream-error'];
  if (trailerError) throw new PublishEndpointError('Refused', call.endpoint, `Kubo RPC at ${call.endpoint} failed the add: ${snippet(trailerError)}`, true, res.statusCode);
  const missing = [...expect.files].filter((path) => !results.has(path));
  if (missing.length > 0) throw bad(`without a result for ${missing.length === 1 ? `'${missing[0]}'` : `${missing.length} entries (first '${missing[0]}')`}: the add did not finish`);
  const root = results.get(expect.rootName);
  if (!root) throw bad(`without a result for the wrapping folder`);
  return { root, all: [...results.values()] };
}
