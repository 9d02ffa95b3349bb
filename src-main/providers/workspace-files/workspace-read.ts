/**
 * Downloads (seed 004: `GET /download?path=`): a file comes as an attachment,
 * a folder as `application/zip`. The body is passed on counted, so a
 * connection cut mid-way fails the stream with a retryable transport error
 * instead of ending it short as if complete.
 */
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { ProviderError, ProviderErrorCode, ProviderTransportError } from '../provider-errors';
import type { ReadResult, TransferOptions } from '../storage-provider';
import { endpointName, type WorkspaceHttp } from './workspace-http';

const ENDPOINT = endpointName({ method: 'GET', route: '/download' });

/** The file at `path`. A folder's zip at that path is refused (it is not the file asked for). */
export async function readFile(http: WorkspaceHttp, path: string, options: TransferOptions): Promise<ReadResult> {
  const res = await http.send({ method: 'GET', route: '/download', query: { path }, signal: options.signal });
  const type = contentType(res);
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (type === 'application/zip' && !name.toLowerCase().endsWith('.zip')) {
    res.destroy();
    throw new ProviderError(ProviderErrorCode.DataNotFound, `'${path}' is a folder on the service, not a file`, { route: ENDPOINT });
  }
  if (type === 'text/html' && !/attachment/i.test(String(res.headers['content-disposition'] ?? ''))) {
    res.destroy();
    throw new ProviderTransportError(`unexpected answer to ${ENDPOINT}: an HTML page instead of the file (not a Workspace Files service?)`, false, ENDPOINT, res.statusCode);
  }
  return counted(res, options);
}

/** The folder `path` ('.' for the top) as the service zips it. */
export async function readZip(http: WorkspaceHttp, path: string, options: TransferOptions): Promise<ReadResult> {
  const res = await http.send({ method: 'GET', route: '/download', query: { path }, signal: options.signal });
  const type = contentType(res);
  if (type !== 'application/zip' && type !== 'application/x-zip-compressed') {
    res.destroy();
    throw new ProviderTransportError(`unexpected answer to ${ENDPOINT}: ${type || 'no content type'} instead of a zip of the folder`, false, ENDPOINT, res.statusCode);
  }
  return counted(res, options);
}

function contentType(res: IncomingMessage): string {
  return String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function counted(res: IncomingMessage, options: TransferOptions): ReadResult {
  const header = res.headers['content-length'];
  const length = header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
  let received = 0;
  const broke = (detail: string, cause?: unknown) => new ProviderTransportError(`the download broke off (${ENDPOINT}): ${detail}`, true, ENDPOINT, res.statusCode, { cause });
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      options.onBytes?.(chunk.length);
      callback(null, chunk);
    },
    flush(callback) {
      if (length !== null && received !== length) callback(broke(`${received} of ${length} bytes arrived`));
      else callback();
    },
  });
  res.on('error', (error) => stream.destroy(error.name === 'AbortError' ? error : broke(error.message, error)));
  res.on('aborted', () => stream.destroy(broke('the connection closed')));
  // A body without a length (a zip) is only known whole when the chunked encoding ended properly.
  res.on('close', () => {
    if (!res.complete && !stream.destroyed) stream.destroy(broke('the connection closed before the end'));
  });
  stream.on('close', () => {
    if (!res.complete) res.destroy();
  });
  res.pipe(stream);
  return { stream, length };
}
