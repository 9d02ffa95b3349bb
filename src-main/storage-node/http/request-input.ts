/** Reading and validating request input; every failure names the field. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { describeZodError } from '@shared/jcs/wire';
import { badArgument, NodeError } from '../node-error';

/** JSON bodies larger than this are refused (a move of 100,000 objects is about 10 MB). */
export const MAX_JSON_BODY = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_JSON_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new NodeError('BadArgument', `request body is larger than ${limit} bytes`, 413);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new NodeError('BadArgument', `request body is larger than ${limit} bytes`, 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
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
