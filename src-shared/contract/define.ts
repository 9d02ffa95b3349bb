/**
 * Building blocks of the contract: an operation is a name with an input
 * schema and an output schema; an event is a name with a payload schema.
 * Both transports (Electron IPC and HTTP/WebSocket) validate inputs in main
 * and outputs/payloads in the renderer against these same schemas, so types
 * hold end to end without casts.
 */
import { z } from 'zod';

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function operation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): OperationSpec<I, O> {
  return { input, output };
}

export const noInput = z.object({}).strict();
export const nothing = z.null();

/** A failure as it crosses a transport: a machine-readable code and a message for people. */
export const appErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** For JCS failures: the route that failed. */
  route: z.string().optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** What every call returns over a transport; the renderer's transport turns `ok: false` into a thrown AppError. */
export const resultSchema = <O extends z.ZodType>(output: O) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: output }), z.object({ ok: z.literal(false), error: appErrorSchema })]);

/** Error codes of our own (JCS codes such as DataNotFound pass through as they are). */
export const AppErrorCode = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  Forbidden: 'Forbidden',
  ConnectionFailed: 'ConnectionFailed',
  Cancelled: 'Cancelled',
  Internal: 'Internal',
  /** A path a remote service gave would not stay inside the local target folder (or cannot exist there); the entry was skipped. */
  UnsafeRemotePath: 'UnsafeRemotePath',
  /** Bytes that arrived do not hash to the object's fileHash; nothing damaged was kept. */
  HashMismatch: 'HashMismatch',
  /** The object's fileHash cannot be checked and the settings require verified downloads; nothing was written. */
  UnverifiableHash: 'UnverifiableHash',
} as const;

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly route?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape {
    return this.route === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, route: this.route };
  }
}
