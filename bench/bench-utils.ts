/** Small helpers shared by benchmarks: timing, child processes, peak memory. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORAGE_NODE_V8_FLAGS } from '../src-main/storage-node/v8-flags';

/** The project folder: the nearest one up from this file with our package.json (a bench may also run bundled from out/bench/). */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'jcs-desktop') return dir;
    } catch {
      // not here
    }
    if (dirname(dir) === dir) throw new Error(`no jcs-desktop package.json above ${start}`);
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Wall time of a shell command (ms). */
export function timeCommand(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Wall time of a command (ms), without blocking this process's event loop
 * (timeCommand does): use it when this process serves or holds connections meanwhile.
 */
export function timeCommandAsync(command: string, args: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(Number(process.hrtime.bigint() - start) / 1e6);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}

/** Peak resident set size of a process in MB (VmHWM), or NaN where /proc is missing. */
export function peakRssMb(pid: number): number {
  return procStatusMb(pid, 'VmHWM');
}

/** One memory field of /proc/PID/status (VmRSS: now, VmHWM: peak) in MB, or NaN where /proc is missing. */
export function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc/PID/stat; NaN where /proc is missing. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds of a process's main thread alone (its event loop): without its worker threads and V8's helper threads. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuSeconds(path: string): number {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return NaN;
  }
}

/** The pid written in a pid/lock file (the storage node's node.lock), or undefined. */
export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A file of `mb` MiB of random bytes; every MiB differs, so nothing dedups. */
export async function writeRandomFile(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    chunk.writeUInt32LE(i, 0);
    if (!out.write(Buffer.from(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / (1024 * 1024) / (ms / 1000);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-th percentile (0–100, nearest rank) of `values`. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Builds the command-line bundles (as `npm run storage-node` does first). */
export function buildBundles(): void {
  const result = spawnSync(process.execPath, ['scripts/run-cli.mjs', '--build-only'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the command-line bundles failed');
}

/**
 * Starts the storage node as `npm run storage-node` runs it (its bundle, in plain node) and waits for its ready line.
 * BENCH_NODE_FLAGS adds node flags to it (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes).
 */
export async function startNodeProcess(args: string[], options: { build?: boolean } = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (options.build !== false) buildBundles(); // a restart reuses the bundle built for the first start
  const child = spawn(process.execPath, [...STORAGE_NODE_V8_FLAGS, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), 'out/cli/storage-node.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`storage node exited early (${code})`)));
  });
  return { child, url, output: () => out };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
