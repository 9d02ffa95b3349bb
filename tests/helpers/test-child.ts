/**
 * A TypeScript helper script run as its own Node process (so a test can
 * SIGKILL it mid-work), with everything it prints gathered for the test to
 * wait on. Killed, if still running, by the clean-up it registers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './storage-node';

export interface TestChild {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output: () => string;
  exited: Promise<void>;
}

export function spawnTestChild(script: string, args: string[], cleanups: Array<() => void | Promise<void>>): TestChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output, exited };
}
