/**
 * Error codes of the JCS-pub envelope. `code` is a string on the wire; a real
 * service may send codes we do not know yet, so clients keep it as `string`
 * and compare against these constants.
 */
export const JcsCode = {
  OK: 'OK',
  BadArgument: 'BadArgument',
  DataNotFound: 'DataNotFound',
  DataExists: 'DataExists',
  OperationFailed: 'OperationFailed',
  TaskNotFound: 'TaskNotFound',
  Unauthorized: 'Unauthorized',
} as const;

export type KnownJcsCode = (typeof JcsCode)[keyof typeof JcsCode];
