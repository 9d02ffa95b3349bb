/**
 * What can go wrong talking to a JCS-pub service, as types a caller can act on:
 * - JcsError: the service answered with a non-OK envelope code (BadArgument,
 *   DataNotFound, ...). Retrying the same request will not help.
 * - JcsTransportError: the request did not get a usable answer (connection
 *   refused or reset, timeout, a 5xx, a body that is not the JCS envelope).
 *   `retryable` says whether trying again later may succeed.
 */
export class JcsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly route: string,
  ) {
    super(message || code);
    this.name = 'JcsError';
  }
}

export class JcsTransportError extends Error {
  constructor(
    message: string,
    readonly route: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JcsTransportError';
  }
}


/** True when a failed request may succeed if sent again later (network trouble or a 5xx). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof JcsTransportError) return error.retryable;
  if (error instanceof JcsError) return error.httpStatus >= 500;
  return false;
}
