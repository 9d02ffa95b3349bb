/**
 * Building blocks of the contract: an operation is a name with an input
 * schema and an output schema; an event is a name with a payload schema.
 * Both transports (Electron IPC and HTTP/WebSocket) validate inputs in main
 * and outputs/payloads in the renderer against these same schemas, so types
 * hold end to end without casts.
 */
import { z } from 'zod';
import { AppErrorCode } from './error-codes';

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function operation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): OperationSpec<I, O> {
  return { input, output };
}

export const noInput = z.object({}).strict();
export const nothing = z.null();

/** Values a coded message is worded with: paths, names, numbers and other codes, never sentences to translate. */
export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type MessageParams = z.infer<typeof messageParamsSchema>;

/**
 * A failure as it crosses a transport: a machine-readable code (a string on
 * the wire: services may send codes we do not know), a message for people
 * (English, the detail), and, where the code's explanation needs them, its params.
 */
export const appErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** For JCS failures: the route that failed. */
  route: z.string().optional(),
  /** What the renderer words the code's explanation with (a path, a reason code), in the user's language. */
  params: messageParamsSchema.optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** What every call returns over a transport; the renderer's transport turns `ok: false` into a thrown AppError. */
export const resultSchema = <O extends z.ZodType>(output: O) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: output }), z.object({ ok: z.literal(false), error: appErrorSchema })]);

export { AppErrorCode } from './error-codes';

export class AppError extends Error {
  /** A string: an error received over a transport may carry a code we do not know (see `fromShape`). */
  readonly code: string;
  readonly route: string | undefined;
  readonly params: MessageParams | undefined;

  /** An error we produce: its code is one of ours (or a JCS code passing through). */
  constructor(code: AppErrorCode, message: string, options: { route?: string; params?: MessageParams } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.route = options.route;
    this.params = options.params;
  }

  /** An error as it arrived over a transport, whatever its code. */
  static fromShape(shape: AppErrorShape): AppError {
    const error = new AppError(AppErrorCode.Internal, shape.message, { route: shape.route, params: shape.params });
    (error as { code: string }).code = shape.code;
    return error;
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.route !== undefined && { route: this.route }),
      ...(this.params !== undefined && { params: this.params }),
    };
  }
}
