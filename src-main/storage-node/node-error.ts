import { JcsCode, type KnownJcsCode } from '@shared/jcs/error-codes';

/**
 * A failure the storage node reports to its caller in the JCS envelope.
 * Business errors travel as HTTP 200 with a non-OK code (as JCS does); input
 * that cannot be parsed or validated is HTTP 400, a bad signature 401.
 */
export class NodeError extends Error {
  constructor(
    readonly code: KnownJcsCode,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

export const badArgument = (message: string) => new NodeError(JcsCode.BadArgument, message, 400);
export const dataNotFound = (message: string) => new NodeError(JcsCode.DataNotFound, message);
export const dataExists = (message: string) => new NodeError(JcsCode.DataExists, message);
export const operationFailed = (message: string) => new NodeError(JcsCode.OperationFailed, message);
export const unauthorized = (message: string) => new NodeError(JcsCode.Unauthorized, message, 401);
