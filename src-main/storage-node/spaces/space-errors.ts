/**
 * Failures of a space's storage as JCS answers: a configuration that cannot
 * work is BadArgument, something missing is DataNotFound, anything the
 * storage itself refused or could not do is OperationFailed with its message
 * (which names the operation, the path and the storage's own error code).
 */
import { badArgument, dataNotFound, NodeError, operationFailed } from '../node-error';
import { SpaceBackendError } from './space-backend';

export function asNodeError(error: unknown): NodeError {
  if (error instanceof NodeError) return error;
  if (error instanceof SpaceBackendError) {
    if (error.code === 'BadConfig') return badArgument(error.message);
    if (error.code === 'NotFound') return dataNotFound(error.message);
    return operationFailed(error.message);
  }
  return operationFailed(error instanceof Error ? error.message : String(error));
}
