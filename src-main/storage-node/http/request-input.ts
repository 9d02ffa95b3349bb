/** Reading and validating request input; every failure names the field. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { describeZodError } from '@shared/jcs/wire';
import { badArgument, NodeError } from '../node-error';

/**
 * JSON bodies larger than this are refused before a byte is read. The largest
 * the app sends are moves of 1,000 objects (about 2.1 MB with 1,024-byte paths
 * that JSON escapes) and clones of 500; a 10,000-part complete is about 60 KB.
 */
export const MAX_JSON_BODY = 4 * 1024 * 1024;

/** The request ended before its body did: the client went away (or was cut off). */
export class ClientGoneError extends Error {
  constructor(message = 'the request body ended early (client went away)') {
    super(message);
    this.name = 'ClientGoneError';
  }
}

/** The body's length as declared by Content-Length, or undefined (chunked). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Whether the request carries a body at all. */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (declaredLength(req) ?? 0) > 0;
}

export function refuseOversizedBody(req: IncomingMessage, limit = MAX_JSON_BODY): void {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
}

/** Reads a whole (small) body; fails at `limit` bytes without keeping more. */
export function readBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<Buffer> {
  refuseOversizedBody(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onClose = () => {
      cleanup();
      reject(new ClientGoneError());
    };
    const onError = () => onClose();
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onError);
  });
}

function tooLarge(limit: number): NodeError {
  return new NodeError('BadArgument', `request body is larger than ${limit} bytes`, 413);
}

export function parseJsonBody<S extends z.ZodType>(body: Buffer, schema: S): z.output<S> {
  if (body.length === 0) throw badArgument('request body is empty; expected JSON');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badArgument(`request body is not valid JSON: ${(error as Error).message}`);
  }
  return parseValue(value, schema);
}

export function parseValue<S extends z.ZodType>(value: unknown, schema: S, root = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badArgument(describeZodError(result.error, root));
  return result.data;
}

/** Query parameters with typed, named errors. Unknown parameters are ignored. */
export class QueryParams {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  requiredString(name: string): string {
    const value = this.params.get(name);
    if (value === null) throw badArgument(`${name}: required query parameter is missing`);
    return value;
  }

  /** A non-negative integer (IDs additionally must be ≥ 1). */
  integer(name: string, { min = 0 }: { min?: number } = {}): number | undefined {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d{1,16}$/.test(raw)) throw badArgument(`${name}: expected a non-negative integer, got '${truncate(raw)}'`);
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw badArgument(`${name}: ${raw} is too large`);
    if (value < min) throw badArgument(`${name}: must be at least ${min}`);
    return value;
  }

  requiredId(name: string): number {
    const value = this.integer(name, { min: 1 });
    if (value === undefined) throw badArgument(`${name}: required query parameter is missing`);
    return value;
  }

  /** Booleans as Go's strconv.ParseBool reads them. */
  boolean(name: string): boolean {
    const raw = this.params.get(name);
    if (raw === null || raw === '') return false;
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
    throw badArgument(`${name}: expected true or false, got '${truncate(raw)}'`);
  }
}

function truncate(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '…' : text;
}
