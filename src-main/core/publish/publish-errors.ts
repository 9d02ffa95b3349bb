/**
 * Any failure of a publish step as the app's error shape, and whether trying
 * again later may help (an endpoint that could not be reached or answered 5xx;
 * never a refused token, a CID mismatch or a file too large for an order).
 */
import { AppError, AppErrorCode, type AppErrorShape } from '@shared/contract/define';
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

export function publishFailure(error: unknown): PublishFailure {
  if (error instanceof PublishEndpointError) {
    return { shape: { code: ENDPOINT_CODES[error.code], message: error.message, params: { endpoint: error.endpoint } }, retryable: error.retryable };
  }
  if (error instanceof AppError) {
    const retryable = error.code === AppErrorCode.ConnectionFailed;
    return { shape: error.toShape(), retryable };
  }
  return { shape: { code: AppErrorCode.Internal, message: error instanceof Error ? error.message : String(error) }, retryable: false };
}
