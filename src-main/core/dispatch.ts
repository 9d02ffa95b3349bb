/**
 * The one entry point every transport uses: validate the raw input against the
 * contract, run the handler, and turn any failure into `{code, message}`.
 * The process keeps serving whatever a call throws.
 */
import { AppError, AppErrorCode, type AppErrorShape } from '@shared/contract/define';
import { isOperationName, operations, type OperationName, type OperationOutput, type ParsedInput } from '@shared/contract/operations';
import { describeZodError } from '@shared/jcs/wire';
import type { CoreDeps } from './core-deps';
import { defaultLog, toAppError } from './errors/to-app-error';
import { handlers, type Handler } from './handlers';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: AppErrorShape };

export async function dispatch(deps: CoreDeps, name: string, rawInput: unknown, log: (message: string, error: unknown) => void = defaultLog): Promise<CallResult> {
  if (!isOperationName(name)) return { ok: false, error: { code: AppErrorCode.NotFound, message: `unknown operation '${name}'` } };
  try {
    return { ok: true, value: await run(deps, name, rawInput) };
  } catch (error) {
    return { ok: false, error: toAppError(error, log) };
  }
}

async function run<N extends OperationName>(deps: CoreDeps, name: N, rawInput: unknown): Promise<OperationOutput<N>> {
  const parsed = operations[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new AppError(AppErrorCode.InvalidInput, describeZodError(parsed.error));
  const handler = handlers[name] as Handler<N>;
  return handler(deps, parsed.data as ParsedInput<N>);
}
