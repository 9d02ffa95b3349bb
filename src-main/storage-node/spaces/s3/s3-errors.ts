/**
 * What an S3 request's failure means to the jobs: the SDK's service errors
 * (named by the S3 error code), Node's socket errors and the SDK's timeouts and
 * aborts become SpaceBackendError codes, with a message that says what was
 * being done and quotes the service's own code.
 */
import { SpaceBackendError, type SpaceBackendErrorCode } from '../space-backend';

const ACCESS_DENIED = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'AllAccessDisabled', 'AccountProblem', 'InvalidToken', 'ExpiredToken', 'Forbidden']);
const NOT_FOUND = new Set(['NoSuchBucket', 'NoSuchKey', 'NotFound', 'NoSuchUpload']);
const CORRUPT = new Set(['BadDigest', 'XAmzContentSHA256Mismatch', 'InvalidDigest']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_SOCKET']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** The socket-level code (ECONNREFUSED…), also inside the AggregateError Node gives when every address of a name failed. */
function networkCode(error: ErrorShape, depth = 0): string | undefined {
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return error.code;
  if (depth > 3) return undefined;
  const nested = [...(Array.isArray(error.errors) ? (error.errors as unknown[]) : []), error.cause];
  for (const inner of nested) {
    if (inner && typeof inner === 'object') {
      const found = networkCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The HTTP status of a service answer, when the failure was one. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as ErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/** The S3 error code (`NoSuchKey`…) of a service answer; HEAD answers have no body, so their code is the status's name. */
export function s3CodeOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const shape = error as ErrorShape;
  if (shape.$metadata?.httpStatusCode === undefined || typeof shape.name !== 'string') return undefined;
  return shape.name;
}

export function isAbortError(error: unknown): boolean {
  return (error as ErrorShape | undefined)?.name === 'AbortError';
}

function classify(error: unknown): { code: SpaceBackendErrorCode; detail: string } {
  const shape = (error && typeof error === 'object' ? error : {}) as ErrorShape;
  const message = typeof shape.message === 'string' && shape.message !== '' ? shape.message : String(error);
  if (isAbortError(error)) return { code: 'Aborted', detail: 'aborted' };
  const s3Code = s3CodeOf(error);
  if (s3Code !== undefined) {
    const status = shape.$metadata?.httpStatusCode ?? 0;
    // A body-less answer (HEAD), or one without a <Message>, leaves the SDK with only a code or a status.
    const said = message === s3Code || message === 'UnknownError' || /^\d+$/.test(message) ? '' : `: ${message}`;
    const detail = `S3 error ${s3Code} (HTTP ${status})${said}`;
    if (ACCESS_DENIED.has(s3Code) || status === 403) return { code: 'AccessDenied', detail };
    if (NOT_FOUND.has(s3Code) || status === 404) return { code: 'NotFound', detail };
    if (CORRUPT.has(s3Code)) return { code: 'Corrupt', detail };
    if (TIMEOUT_NAMES.has(s3Code) || status === 503 || status === 504) return { code: 'Unreachable', detail };
    return { code: 'Failed', detail };
  }
  const network = networkCode(shape);
  if (network !== undefined) return { code: 'Unreachable', detail: `${network} (${message})` };
  if (typeof shape.name === 'string' && TIMEOUT_NAMES.has(shape.name)) return { code: 'Unreachable', detail: `no answer in time (${message})` };
  return { code: 'Failed', detail: message };
}

/**
 * A SpaceBackendError for a failed step, worded `<what> failed: <detail>`
 * (`what` names the operation and its path or bucket). A SpaceBackendError
 * passes unchanged: it was worded where it was thrown.
 */
export function toSpaceError(error: unknown, what: string): SpaceBackendError {
  if (error instanceof SpaceBackendError) return error;
  const { code, detail } = classify(error);
  return new SpaceBackendError(code, `${what} failed: ${detail}`, { cause: error });
}

/** As toSpaceError, but the caller's abort reads as 'Aborted' whatever the SDK or the stream made of it. */
export function stepFailure(error: unknown, what: string, signal?: AbortSignal): SpaceBackendError {
  if (signal?.aborted && !(error instanceof SpaceBackendError && error.code === 'Corrupt')) {
    return new SpaceBackendError('Aborted', `${what} failed: aborted`, { cause: error });
  }
  return toSpaceError(error, what);
}
