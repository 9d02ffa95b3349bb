/**
 * Every error code that can cross the contract: ours, and the JCS-pub service
 * codes that pass through from a service's answer as they are. Code in core,
 * headless, shared and the renderer names a code through this object, never
 * as a string literal (eslint's `no-restricted-syntax` rule says where).
 *
 * On the wire a code stays a plain string (`appErrorSchema`): a service may
 * send codes nobody knows yet, and the renderer shows those with the
 * service's message. Every code listed here has a translated explanation in
 * both of the renderer's string tables (checked by a unit test).
 */
import { JcsCode } from '../jcs/error-codes';

export const AppErrorCode = {
  // ---- ours ----
  /** The input failed validation (a schema, a path rule, a request that makes no sense); nothing was changed. */
  InvalidInput: 'InvalidInput',
  /** What the call names (a task, a connection, a local file or folder) does not exist. */
  NotFound: 'NotFound',
  /** The call collides with the current state (a name taken, a task paused, overlapping folders). */
  Conflict: 'Conflict',
  /** The operating system or the token refused access (permission denied, a wrong origin). */
  Forbidden: 'Forbidden',
  /** A service (or the headless server) could not be reached or gave no usable answer. */
  ConnectionFailed: 'ConnectionFailed',
  /** Stopped because the user (or shutdown) asked to stop. */
  Cancelled: 'Cancelled',
  /** A fault of ours: an unexpected exception or a malformed answer. */
  Internal: 'Internal',
  /** The host cannot do this (headless mode has no native dialogs or drag out). */
  Unsupported: 'Unsupported',
  /** A path a remote service gave would not stay inside the local target folder (or cannot exist there); the entry was skipped. */
  UnsafeRemotePath: 'UnsafeRemotePath',
  /** Bytes that arrived do not hash to the object's fileHash (or the server stored other bytes than were sent); nothing damaged was kept. */
  HashMismatch: 'HashMismatch',
  /** The object's fileHash cannot be checked and the settings require verified downloads; nothing was written. */
  UnverifiableHash: 'UnverifiableHash',
  /** A transfer whose destination existed was skipped as asked (a completed job, not a failure). */
  Skipped: 'Skipped',
  /** The local disk has no room for a download (ENOSPC, EDQUOT). */
  DiskFull: 'DiskFull',
  /** A file kept changing while it was uploaded, restart after restart; it was not uploaded. */
  SourceChanged: 'SourceChanged',
  /** A local file could not be read for another reason of the operating system (its errno is in the message). */
  ReadFailed: 'ReadFailed',
  /** A sync task's local folder vanished or was replaced during a run; nothing more was written there. */
  SyncFolderLost: 'SyncFolderLost',
  /** The transfer is paused (a browser upload's chunk arrived meanwhile); it goes on when resumed. */
  Paused: 'Paused',
  /** The root (JCS: the package) a transfer goes into or comes from was deleted elsewhere; nothing more was sent to it. */
  RootGone: 'RootGone',
  /** The IPFS node returned another CID than the one computed here for the same bytes; nothing was ordered. */
  CidMismatch: 'CidMismatch',
  /** A pinning service, gateway or IPFS node refused the token or credentials. */
  TokenRefused: 'TokenRefused',
  /** Crust refuses orders for files of 8 GiB or more. */
  TooLargeForOrder: 'TooLargeForOrder',
  /** Publishing needs a setting that is missing (an IPFS URL, a pinning token, a Crust account). */
  NotConfigured: 'NotConfigured',
  // ---- JCS-pub service codes that pass through (src-shared/jcs/error-codes.ts) ----
  /** The service refused a malformed argument. */
  BadArgument: JcsCode.BadArgument,
  /** The bucket, package or object named does not exist (any more). */
  DataNotFound: JcsCode.DataNotFound,
  /** The bucket or package name is taken. */
  DataExists: JcsCode.DataExists,
  /** The service (or we, about a service's work) could not complete the operation. */
  OperationFailed: JcsCode.OperationFailed,
  /** The service's space sync task does not exist. */
  TaskNotFound: JcsCode.TaskNotFound,
  /** The service refused the credentials (a bad signature or key), or the headless token is missing. */
  Unauthorized: JcsCode.Unauthorized,
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export const APP_ERROR_CODES: readonly AppErrorCode[] = Object.values(AppErrorCode);

export function isAppErrorCode(code: string): code is AppErrorCode {
  return (APP_ERROR_CODES as readonly string[]).includes(code);
}
