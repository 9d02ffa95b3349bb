/**
 * Runs the embedded storage node as a child process and keeps it running.
 * A separate process because uploads to it must not compete with the main
 * process for one core, and a fault in it must not take the app down.
 *
 * Each start generates a fresh key pair (passed through the environment, not
 * the command line, so other users cannot read it from the process list); the
 * node therefore accepts only this app instance. The node exits when its
 * stdin closes, so it never outlives the app, even after a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NodeStatus } from '@shared/contract/domain';
import { backoffDelay, type Backoff } from '@shared/retry/backoff';
import type { Credentials } from '../../common/sigv4';
import { STORAGE_NODE_V8_FLAGS } from '../../storage-node/v8-flags';

export interface EmbeddedNodeOptions {
  /** The storage node CLI script (a bundle runnable by `node`). */
  script: string;
  /** The app's data folder; the node keeps its data in `<dataDir>/storage-node`. */
  dataDir: string;
  onStatus: (status: NodeStatus) => void;
  log?: (message: string) => void;
  startTimeoutMs?: number;
}

/** Restarts wait 1, 2, 4, 8, 16 s, then 30 s each (the app's one backoff schedule, exact: one node, nothing to spread). */
const RESTART_BACKOFF: Backoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

export class EmbeddedNode {
  private child: ChildProcess | undefined;
  private current: NodeStatus = { state: 'stopped', url: null, message: null };
  private credentials: Credentials | undefined;
  private ipfs: { url: string; token: string } | undefined;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EmbeddedNodeOptions) {}

  get status(): NodeStatus {
    return this.current;
  }

  /** URL and key pair of the running node, or undefined while it is not running. */
  endpoint(): { url: string; credentials: Credentials } | undefined {
    return this.current.state === 'running' && this.current.url && this.credentials ? { url: this.current.url, credentials: this.credentials } : undefined;
  }

  /** The node's Kubo-RPC subset (publishing's zero-set-up IPFS node) and its bearer token, while the node runs. */
  ipfsEndpoint(): { url: string; token: string } | undefined {
    return this.current.state === 'running' ? this.ipfs : undefined;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.setStatus({ state: 'starting', url: null, message: null });
    const ipfsToken = randomBytes(32).toString('base64url');
    const credentials: Credentials = { accessKey: 'LOCAL' + randomBytes(8).toString('hex').toUpperCase(), secretKey: randomBytes(32).toString('base64url') };
    const child = spawn(process.execPath, [...STORAGE_NODE_V8_FLAGS, this.options.script, '--data', join(this.options.dataDir, 'storage-node'), '--port', '0', '--host', '127.0.0.1', '--ipfs-port', '0', '--exit-with-parent'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Under Electron, process.execPath is the Electron binary: run it as plain Node.
        ELECTRON_RUN_AS_NODE: '1',
        JCS_NODE_ACCESS_KEY: credentials.accessKey,
        JCS_NODE_SECRET_KEY: credentials.secretKey,
        JCS_NODE_IPFS_TOKEN: ipfsToken,
      },
      windowsHide: true,
    });
    this.child = child;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the storage node did not start within ${(this.options.startTimeoutMs ?? 30_000) / 1000} s`)), this.options.startTimeoutMs ?? 30_000);
      const onData = (data: Buffer) => {
        output += data.toString();
        const match = /storage node listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (data: Buffer) => (output += data.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the storage node exited (${code ?? signal}) while starting: ${lastLines(output)}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      this.child = undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus({ state: 'failed', url: null, message });
      throw error;
    });
    // Keep draining its output so it never blocks on a full pipe; report what it says.
    child.stdout.on('data', (data: Buffer) => this.options.log?.(data.toString().trimEnd()));
    child.stderr.on('data', (data: Buffer) => this.options.log?.(data.toString().trimEnd()));
    child.once('exit', (code, signal) => this.onExit(child, code ?? signal ?? 'unknown'));
    this.credentials = credentials;
    // The node prints its IPFS API's address before its main one.
    const ipfsUrl = /IPFS API \(Kubo RPC subset\) on (http:\/\/\S+?)\/api\/v0\//.exec(output)?.[1];
    this.ipfs = ipfsUrl ? { url: ipfsUrl, token: ipfsToken } : undefined;
    this.restarts = 0;
    this.setStatus({ state: 'running', url, message: null });
  }

  private onExit(child: ChildProcess, how: number | string): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.credentials = undefined;
    this.ipfs = undefined;
    if (this.stopping) {
      this.setStatus({ state: 'stopped', url: null, message: null });
      return;
    }
    this.scheduleRestart(`the storage node stopped unexpectedly (${how})`);
  }

  /** Restarts after the next backoff delay; a restart that fails schedules the next one, until stop(). */
  private scheduleRestart(reason: string): void {
    const delay = backoffDelay(this.restarts, RESTART_BACKOFF);
    this.restarts++;
    this.setStatus({ state: 'failed', url: null, message: `${reason}; restarting in ${delay / 1000} s` });
    this.restartTimer = setTimeout(() => {
      this.start().catch((error: unknown) => {
        this.options.log?.(`restart failed: ${String(error)}`);
        if (!this.stopping) this.scheduleRestart(`the storage node failed to restart: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, delay);
  }

  /** Stops the node: SIGTERM (running requests finish), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null) {
      this.setStatus({ state: 'stopped', url: null, message: null });
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private setStatus(status: NodeStatus): void {
    this.current = status;
    this.options.onStatus(status);
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || '(no output)';
}
