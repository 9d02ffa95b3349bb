/** Writing JCS envelopes: `{code, message, data}`. */
import type { ServerResponse } from 'node:http';
import { JcsCode } from '@shared/jcs/error-codes';
import { isDiskFull } from '../disk-full';
import { NodeError } from '../node-error';

export function sendEnvelope(res: ServerResponse, status: number, code: string, message: string, data: unknown): void {
  const body = JSON.stringify({ code, message, data: data ?? null });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export function sendOk(res: ServerResponse, data: unknown): void {
  sendEnvelope(res, 200, JcsCode.OK, '', data);
}

/** Answers a failure; anything that is not a NodeError is an internal fault (500, logged). */
export function sendFailure(res: ServerResponse, error: unknown, log: (message: string, error: unknown) => void): void {
  if (res.headersSent) {
    // The body has started (a download): the only honest signal left is a broken connection.
    log('failure after the response started', error);
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  if (error instanceof NodeError) {
    sendEnvelope(res, error.httpStatus, error.code, error.message, null);
    return;
  }
  if (isDiskFull(error)) {
    log(`disk full: ${(error as Error).message}`, undefined);
    sendEnvelope(res, 507, JcsCode.OperationFailed, "the disk holding the storage node's data is full: delete objects or free space, then try again", null);
    return;
  }
  log('internal error', error);
  const message = error instanceof Error ? error.message : String(error);
  sendEnvelope(res, 500, JcsCode.OperationFailed, `internal error: ${message}`, null);
}
