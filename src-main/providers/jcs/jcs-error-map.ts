/**
 * The JCS adapter's error boundary: whatever the JCS client throws (or emits
 * on a download stream) leaves the adapter as a provider error, keeping the
 * retry decision the app has always made (src-main/providers/jcs/jcs-errors.ts
 * `isRetryable`: a transport error says so itself; a refusal is worth a retry
 * only when it came with a 5xx status).
 */
import { JcsCode } from '@shared/jcs/error-codes';
import { ProviderError, ProviderErrorCode, ProviderTransportError, UploadBodyError } from '../provider-errors';
import { JcsError, JcsTransportError } from './jcs-errors';
import { withoutIds } from './jcs-message';
import { BodySizeMismatchError, BodySourceError } from './multipart-body';

/** JCS envelope codes → provider codes; a code this app does not know is OperationFailed, the service's code kept. */
const CODES: Readonly<Record<string, ProviderErrorCode>> = {
  [JcsCode.BadArgument]: ProviderErrorCode.BadArgument,
  [JcsCode.DataNotFound]: ProviderErrorCode.DataNotFound,
  [JcsCode.DataExists]: ProviderErrorCode.DataExists,
  [JcsCode.OperationFailed]: ProviderErrorCode.OperationFailed,
  [JcsCode.Unauthorized]: ProviderErrorCode.Unauthorized,
  [JcsCode.TaskNotFound]: ProviderErrorCode.DataNotFound,
};

/** The provider error for `error`; anything that is not the JCS client's (an AbortError, a ProviderError) is returned as it is. */
export function toProviderError(error: unknown): unknown {
  if (error instanceof JcsError) {
    // The service's ids stay inside the adapter (jcs-message.ts).
    return new ProviderError(CODES[error.code] ?? ProviderErrorCode.OperationFailed, withoutIds(error.message), {
      serviceCode: error.code,
      route: error.route,
      retryable: error.httpStatus >= 500,
      cause: error,
    });
  }
  if (error instanceof JcsTransportError) return new ProviderTransportError(error.message, error.retryable, error.route, error.httpStatus, { cause: error });
  if (error instanceof BodySourceError) return new UploadBodyError('unreadable', error.message, { cause: error.cause });
  if (error instanceof BodySizeMismatchError) return new UploadBodyError('sizeChanged', error.message, { cause: error });
  return error;
}

/** Runs `work`, turning what it throws into provider errors. */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProviderError(error);
  }
}
