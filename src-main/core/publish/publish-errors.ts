/**
 * Any failure of a publish step as the app's error shape, and whether trying
 * again later may help (an endpoint that could not be reached or answered 5xx;
 * never a refused token, a CID mismatch or a file too large for an order).
 */
import { AppError, AppErrorCode, type AppErrorShape } from '@shared/contract/define';
import { toAppError, type ErrorLog } from '../errors/to-app-error';
import { LocalSourceError } from './endpoint-http';
import { PublishEndpointError } from './publish-endpoint-error';

export interface PublishFailure {
  shape: AppErrorShape;
  retryable: boolean;
}

const ENDPOINT_CODES: Record<PublishEndpointError['code'], AppErrorCode> = {
  Unreachable: AppErrorCode.ConnectionFailed,
  TokenRefused: AppErrorCode.TokenRefused,
  BadResponse: AppErrorCode.OperationFailed,
  Refused: AppErrorCode.OperationFailed,
  NotFound: AppErrorCode.NotFound,
};

export function publishFailure(error: unknown, log?: ErrorLog): PublishFailure {
  if (error instanceof PublishEndpointError) {
    return { shape: { code: ENDPOINT_CODES[error.code], message: error.message, params: { endpoint: error.endpoint } }, retryable: error.retryable };
  }
  if (error instanceof LocalSourceError) return { shape: { code: AppErrorCode.ReadFailed, message: error.message }, retryable: false };
  // The source's own service failing (a provider error) is worded as everywhere else; a service that cannot be reached may come back.
  const shape = error instanceof AppError ? error.toShape() : toAppError(error, log);
  return { shape, retryable: shape.code === AppErrorCode.ConnectionFailed };
}
