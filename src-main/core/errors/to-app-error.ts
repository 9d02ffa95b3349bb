/**
 * Turns whatever a service threw into the `{code, message}` shape that crosses
 * a transport. It lives on its own (not in the dispatcher) so that services
 * that report errors — the transfer engine, headless routes — do not import
 * the handler table and, through it, every other service.
 */
import { z } from 'zod';
import { AppError, AppErrorCode, type AppErrorShape } from '@shared/contract/define';
import { describeZodError } from '@shared/jcs/wire';
import { ProviderError, ProviderTransportError, UploadBodyError } from '../../providers/provider-errors';

export type ErrorLog = (message: string, error: unknown) => void;

export function toAppError(error: unknown, log: ErrorLog = defaultLog): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (error instanceof ProviderError) return error.route === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, route: error.route };
  if (error instanceof ProviderTransportError) return error.route === undefined ? { code: AppErrorCode.ConnectionFailed, message: error.message } : { code: AppErrorCode.ConnectionFailed, message: error.message, route: error.route };
  if (error instanceof UploadBodyError) return { code: error.reason === 'sizeChanged' ? AppErrorCode.SourceChanged : AppErrorCode.ReadFailed, message: error.message };
  if (error instanceof z.ZodError) return { code: AppErrorCode.InvalidInput, message: describeZodError(error) };
  if (error instanceof Error && error.name === 'AbortError') return { code: AppErrorCode.Cancelled, message: 'cancelled' };
  log('unexpected failure', error);
  return { code: AppErrorCode.Internal, message: error instanceof Error ? error.message : String(error) };
}

export function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
