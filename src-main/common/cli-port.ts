/** The `--port` rule both command-line entry points share: 0 (pick a free port) to 65535. */
export function portProblem(value: string): string | undefined {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? undefined : `--port must be 0-65535, got '${value}'`;
}
