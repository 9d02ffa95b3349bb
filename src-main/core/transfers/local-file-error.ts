import { AppError, AppErrorCode } from '@shared/contract/define';

/**
 * A local file error as the user should read it. Note that stat works on a
 * file without read permission: opening or reading it is what fails.
 */
export function explainLocalError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError(AppErrorCode.NotFound, `'${path}' no longer exists`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError(AppErrorCode.Forbidden, `'${path}' cannot be read (permission denied)`);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new AppError(AppErrorCode.ReadFailed, `'${path}' cannot be read (${code})`);
  return error;
}
