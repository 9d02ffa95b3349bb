/**
 * Writing Kubo-RPC answers: JSON values, NDJSON streams and errors. Kubo marks
 * streamed answers with `X-Chunked-Output: 1` and reports a failure that
 * happens after the stream started in the `X-Stream-Error` trailer; this node
 * also writes it as a last line in the error shape, so a client that ignores
 * trailers still sees that the stream did not end with its result.
 */
import type { ServerResponse } from 'node:http';
import { isDiskFull } from '../disk-full';
import { NodeError } from '../node-error';
import { KuboError } from './kubo-error';

const JSON_TYPE = 'application/json';

export function errorBody(message: string): string {
  return JSON.stringify({ Message: message, Code: 0, Type: 'error' });
}

export function sendKuboJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value) + '\n';
  res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Status and message for any failure; faults that are not ours to explain are logged. */
export function describeFailure(error: unknown, log: (message: string, error?: unknown) => void): { status: number; message: string } {
  if (error instanceof KuboError) return { status: error.httpStatus, message: error.message };
  // The node's own checks (signature, loopback caller) speak NodeError; a business code (200) is a command error here.
  if (error instanceof NodeError) return { status: error.httpStatus === 200 ? 500 : error.httpStatus, message: error.message };
  if (isDiskFull(error)) {
    log(`disk full: ${(error as Error).message}`);
    return { status: 500, message: "the disk holding the storage node's data is full: delete objects, unpin content or free space, then try again" };
  }
  log('internal error in the IPFS API', error);
  return { status: 500, message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

export function sendKuboError(res: ServerResponse, error: unknown, log: (message: string, error?: unknown) => void): void {
  const { status, message } = describeFailure(error, log);
  if (res.headersSent) {
    failStream(res, message);
    return;
  }
  const body = errorBody(message) + '\n';
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Starts a streamed NDJSON answer (headers only when the first line is written). */
export function startNdjson(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(200, {
    'Content-Type': JSON_TYPE,
    'X-Chunked-Output': '1',
    'Cache-Control': 'no-store',
    Trailer: 'X-Stream-Error',
  });
}

export function writeLine(res: ServerResponse, value: unknown): void {
  startNdjson(res);
  res.write(JSON.stringify(value) + '\n');
}

function failStream(res: ServerResponse, message: string): void {
  if (res.writableEnded || res.destroyed) return;
  // A body of declared length (cat) cannot carry an error line: a broken connection is the honest signal.
  if (res.getHeader('X-Chunked-Output') === undefined) {
    res.destroy(new Error(message));
    return;
  }
  res.write(errorBody(message) + '\n');
  res.addTrailers({ 'X-Stream-Error': message.replace(/[\r\n]+/g, ' ') });
  res.end();
}
