/**
 * The plain-Node core for tests: a real AppCore (app.db, FileKeySecretBox and
 * the embedded storage node as a child process) on a temp folder, typed calls
 * that check results against the contract, an event recorder, and process
 * helpers (the embedded node's pid comes from its data folder's node.lock).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { AppErrorShape } from '../../src-shared/contract/define';
import type { EventName, EventPayload } from '../../src-shared/contract/events';
import { operations, type OperationInput, type OperationName, type OperationOutput } from '../../src-shared/contract/operations';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/core/app-core';
import type { AnyEvent } from '../../src-main/core/events/event-bus';
import type { RunnerTimings } from '../../src-main/core/sync/sync-task-runner';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { repoRoot } from './storage-node';

export const storageNodeScript = join(repoRoot, 'out/cli/storage-node.mjs');
export const serveScript = join(repoRoot, 'out/cli/serve.mjs');
export const rendererDir = join(repoRoot, 'out/renderer');

/** Opens a core on `dataDir` the way headless mode does. Log lines are kept, not printed. */
export async function openCore(dataDir: string, logs: string[] = [], syncTimings?: Partial<RunnerTimings>, extra: Partial<AppCoreOptions> = {}): Promise<AppCore> {
  return createAppCore({
    ...extra,
    dataDir,
    mode: 'headless',
    version: '0.0.0-test',
    storageNodeScript,
    secretBox: (dir) => new FileKeySecretBox(dir),
    ...(syncTimings ? { syncTimings } : {}),
    log: (message, error) => logs.push(error === undefined ? message : `${message} ${inspect(error)}`),
  });
}

/** Calls an operation that must succeed; the value is checked against the contract's output schema. */
export async function callOk<N extends OperationName>(core: AppCore, name: N, input: OperationInput<N>): Promise<OperationOutput<N>> {
  const result = await core.call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
  return operations[name].output.parse(result.value) as OperationOutput<N>;
}

/** Calls an operation (any name, any input) that must fail; returns its error. */
export async function callErr(core: AppCore, name: string, input: unknown): Promise<AppErrorShape> {
  const result = await core.call(name, input);
  if (result.ok) throw new Error(`${name} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Records every event the core emits from now on. */
export function recordEvents(core: AppCore): { events: AnyEvent[]; of<E extends EventName>(name: E): Array<EventPayload<E>>; stop(): void } {
  const events: AnyEvent[] = [];
  const stop = core.events.onAny((event) => events.push(event));
  return {
    events,
    of: <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>),
    stop,
  };
}

/** A client of the core's embedded node, with the key pair it runs with now. */
export function embeddedClient(core: AppCore): JcsClient {
  const endpoint = core.deps.embeddedNode.endpoint();
  if (!endpoint) throw new Error(`the embedded node is not running: ${JSON.stringify(core.deps.embeddedNode.status)}`);
  return new JcsClient({ baseUrl: endpoint.url, credentials: endpoint.credentials });
}

/** Uploads `paths` (content = the path unless `body` says otherwise) in multi-file requests. */
export async function putObjects(client: JcsClient, packageId: number, paths: readonly string[], body: (path: string) => Buffer = (p) => Buffer.from(p)): Promise<void> {
  for (let i = 0; i < paths.length; i += 500) {
    await client.uploadObjects(
      packageId,
      paths.slice(i, i + 500).map((path) => ({ path, body: body(path) })),
    );
  }
}

/** Every object path under `prefix` in a package (recursive), sorted as the node lists them. */
export async function allPaths(client: JcsClient, packageId: number, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const page of client.listAllByPath({ packageID: packageId, path: prefix, maxKeys: 1000 })) out.push(...page.objects.map((o) => o.path));
  return out;
}

export async function readText(client: JcsClient, packageId: number, path: string): Promise<string> {
  const { stream } = await client.download({ packageID: packageId, path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// ---- processes ----

/** The pid in a storage node data folder's node.lock, or undefined when there is no lock. */
export function lockOwner(nodeDataDir: string): number | undefined {
  const path = join(nodeDataDir, 'node.lock');
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until `check` returns something truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Builds the renderer into out/renderer unless it is there (vitest's global setup builds only the CLIs). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
}

/** A `connections.add` draft for a JCS-pub service (with a key pair when given). */
export function jcsDraft(name: string, baseUrl: string, credentials?: { accessKey: string; secretKey: string } | null): { name: string; kind: 'jcs'; config: Record<string, string>; secrets?: Record<string, string> } {
  if (!credentials) return { name, kind: 'jcs', config: { baseUrl } };
  return { name, kind: 'jcs', config: { baseUrl, accessKey: credentials.accessKey }, secrets: { secretKey: credentials.secretKey } };
}
