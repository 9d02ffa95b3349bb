/**
 * How a storage provider fails, in terms the engines act on without knowing
 * the service: a refusal with a code (`ProviderError`), no usable answer
 * (`ProviderTransportError`), or the caller's own upload body failing
 * (`UploadBodyError`). Adapters turn their service's errors into these at
 * their boundary, so nothing above `src-main/providers/<kind>/` ever sees a
 * service-specific error class.
 */
import { AppErrorCode } from '@shared/contract/define';

/**
 * The codes a provider reports. The app's own codes where the meaning is the
 * app's (a caller's malformed input, a taken destination), and the codes JCS
 * services send that already reach users today (the renderer has titles for
 * them in both languages), for the same meanings on any service.
 */
export const ProviderErrorCode = {
  /** The caller passed something malformed or something the capabilities rule out; nothing was sent. */
  InvalidInput: AppErrorCode.InvalidInput,
  /** A move, copy, rename or place found its destination taken. */
  Conflict: AppErrorCode.Conflict,
  /** The root, object or upload does not exist (any more). */
  DataNotFound: 'DataNotFound',
  /** A root with that name exists already. */
  DataExists: 'DataExists',
  /** The service refused an argument the caller could not have checked. */
  BadArgument: 'BadArgument',
  /** The service refused the credentials. */
  Unauthorized: 'Unauthorized',
  /** The service could not do it (or answered with a code this app does not know: see `serviceCode`). */
  OperationFailed: 'OperationFailed',
  /** The service lacks the route for an optional feature (an older service, or one without this app's extensions). */
  Unsupported: AppErrorCode.Unsupported,
} as const;
export type ProviderErrorCode = (typeof ProviderErrorCode)[keyof typeof ProviderErrorCode];

export interface ProviderErrorDetails {
  /** The service's own code when it differs from `code` or is worth keeping (JCS `TaskNotFound`, an HTTP status...). */
  serviceCode?: string;
  /** The service's route or operation that failed, for the message. */
  route?: string;
  /** The service answered with a server error (5xx): the same request may succeed later. */
  retryable?: boolean;
  cause?: unknown;
}

/** The service answered, and said no. */
export class ProviderError extends Error {
  readonly serviceCode: string | undefined;
  readonly route: string | undefined;
  readonly retryable: boolean;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    details: ProviderErrorDetails = {},
  ) {
    super(message || code, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProviderError';
    this.serviceCode = details.serviceCode;
    this.route = details.route;
    this.retryable = details.retryable ?? false;
  }
}

/** The request got no usable answer: refused or broken connection, a timeout, a 5xx that is not the service's answer, a body that is not what the service speaks. */
export class ProviderTransportError extends Error {
  constructor(
    message: string,
    /** Whether trying again later may succeed (network trouble and server errors: yes; an answer we cannot read: no). */
    readonly retryable: boolean,
    readonly route?: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderTransportError';
  }
}

/**
 * The body the caller handed to `put` or `putPart` failed: reading it threw
 * (`cause` is what it threw, e.g. a file system error), or it delivered
 * another number of bytes than its `size` said (the file changed). A local
 * problem, never retried by sending again.
 */
export class UploadBodyError extends Error {
  constructor(
    readonly reason: 'unreadable' | 'sizeChanged',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UploadBodyError';
  }
}

/** True when a failed provider call may succeed if made again later (network trouble or a server error). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ProviderTransportError || error instanceof ProviderError) return error.retryable;
  return false;
}

/** The caller's input is wrong: refused before anything is sent. */
export function invalidInput(message: string): ProviderError {
  return new ProviderError(ProviderErrorCode.InvalidInput, message);
}
