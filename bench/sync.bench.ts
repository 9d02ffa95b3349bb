/**
 * npm run bench:sync — folder sync in the plain-Node core (a real AppCore with
 * its embedded storage node), next to rclone on the same trees:
 *   1. first sync of a tree of small files (task created → idle with every file
 *      in the journal), next to `rclone sync` of the same tree to a fresh folder;
 *   2. a no-change rescan of a big tree (after its first sync, also timed):
 *      `sync.runNow` on a Manual task until the run is over, several times,
 *      next to `rclone check` (hashing, and --size-only) against a copy;
 *   3. Watch-mode latency: a file written into a watched folder → its upload
 *      job is running (or already done);
 *   4. memory: peak RSS of this process (it runs the core) and of the storage
 *      node, plus RSS sampled per phase.
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *
 *   BENCH_SYNC_FILES (default 10000)    files in the first-sync tree (~100 per folder)
 *   BENCH_SYNC_TREE (default 100000)    files in the rescan tree (~100 per folder)
 *   BENCH_SYNC_RESCANS (default 5)      rescan repetitions (the median is reported)
 *   BENCH_SYNC_WATCH (default 30)       files written for the watch latency
 *   BENCH_SYNC_CPU_PROF (unset)         a folder: write V8 CPU profiles of each first sync and rescan there
 *   BENCH_SYNC_ALLOC_PROF (unset)       a folder: write a V8 sampling heap profile (every allocation) of the first rescan there
 *   BENCH_SYNC_MEM_DETAIL (unset)       set: print, per phase, what made up the core's RSS at its peak (anon/file RSS, V8 spaces, external, threads)
 *   BENCH_SYNC_MEM_LIVE (unset)         set: also force a full GC every second and report the phase's largest live heap (changes the peaks: diagnosis only)
 *   BENCH_SYNC_RSS_TIMELINE (unset)     set: a thread samples the core's RSS every 10 ms (it sees spikes inside the core's synchronous
 *                                       stretches); prints each phase's rises next to the sync tasks' events, by time
 *   BENCH_SYNC_SMAPS (unset)            a folder: copy /proc/self/smaps there at each phase's end (what the RSS outside V8's heap is)
 *   BENCH_SYNC_HUGE (unset)             files in a huge rescan tree (e.g. 1000000), opt-in: see below
 *   BENCH_SYNC_SETUP_IN_FLIGHT (4)      the huge setup's multi-file upload requests in flight at once
 *
 * The huge case (5.) times no-change rescans of BENCH_SYNC_HUGE files next to
 * `rclone check --size-only`, and the core's peak RSS while they run (the
 * target: at most 50 MB above the BENCH_SYNC_TREE rescan's). It measures
 * rescans, not a first sync (cases 1 and 2 time those), so the state a first
 * sync leaves is made directly, in a child process (its memory and garbage
 * are not the core's, whose rescan peak is the figure): the files are uploaded to the package in multi-file requests of
 * 1,000 (the node's own API), several in flight, and the task's journal is
 * written from the listing and the files' stats, a page at a time (over a
 * second connection to the app database, before the task's first run).
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { SyncTask, SyncTaskConfig } from '../src-shared/contract/sync';
import type { TransferJob } from '../src-shared/contract/domain';
import type { AppCore } from '../src-main/core/app-core';
import { createBenchCore } from './bench-core';
import { openAppDatabase } from '../src-main/core/app-database';
import { SyncStore } from '../src-main/core/sync/sync-store';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { JcsProvider } from '../src-main/providers/jcs/jcs-provider';
import { DEFAULT_TIMINGS } from '../src-main/core/sync/sync-task-runner';
import { buildBundles, cpuSeconds, mainThreadCpuSeconds, median, peakRssMb, percentile, procStatusMb, readPidFile, round, timeCommandAsync } from './bench-utils';

const FILES = Number(process.env.BENCH_SYNC_FILES ?? 10_000);
const TREE = Number(process.env.BENCH_SYNC_TREE ?? 100_000);
const RESCANS = Number(process.env.BENCH_SYNC_RESCANS ?? 5);
const WATCH_WRITES = Number(process.env.BENCH_SYNC_WATCH ?? 30);
const CPU_PROF_DIR = process.env.BENCH_SYNC_CPU_PROF;
const HUGE = Number(process.env.BENCH_SYNC_HUGE ?? 0);
const HUGE_RESCANS = 2;
const FILES_PER_FOLDER = 100;
const log = (message: string) => process.stderr.write(`[bench:sync] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => performance.now();

// ---- memory sampling ----

// Per phase: the highest RSS sampled, and the CPU time used, of this process (the core) and the storage node.
let phase = 'setup';
interface PhaseStats {
  coreRssMb: number;
  /** V8's heap in this process: live objects and what the heap holds from the OS (the rest of RSS is code, buffers and native memory). */
  coreHeapUsedMb: number;
  coreHeapTotalMb: number;
  nodeRssMb: number;
  coreCpuS: number;
  nodeCpuS: number;
}
const phases: Record<string, PhaseStats> = {};
let nodePid: number | undefined;
let cpuMark = { core: 0, node: 0 };
const coreCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
function sampleRss(): void {
  const entry = (phases[phase] ??= { coreRssMb: 0, coreHeapUsedMb: 0, coreHeapTotalMb: 0, nodeRssMb: 0, coreCpuS: 0, nodeCpuS: 0 });
  entry.coreRssMb = Math.max(entry.coreRssMb, procStatusMb(process.pid, 'VmRSS'));
  const heap = getHeapStatistics();
  entry.coreHeapUsedMb = Math.max(entry.coreHeapUsedMb, heap.used_heap_size / 1024 / 1024);
  entry.coreHeapTotalMb = Math.max(entry.coreHeapTotalMb, heap.total_heap_size / 1024 / 1024);
  if (nodePid) entry.nodeRssMb = Math.max(entry.nodeRssMb, procStatusMb(nodePid, 'VmRSS'));
  if (MEM_DETAIL) sampleDetail(entry.coreRssMb);
}

// ---- opt-in: what the core's RSS is made of at each phase's peak ----

const MEM_DETAIL = Boolean(process.env.BENCH_SYNC_MEM_DETAIL);
const MEM_LIVE = Boolean(process.env.BENCH_SYNC_MEM_LIVE);
const details: Record<string, Record<string, number>> = {};
const liveHeapMb: Record<string, number> = {};
const mb = (bytes: number) => round(bytes / 1024 / 1024);
function statusFields(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/self/status', 'utf8').split('\n')) {
    const m = /^(VmRSS|RssAnon|RssFile|Threads):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = m[1] === 'Threads' ? Number(m[2]) : round(Number(m[2]) / 1024);
  }
  return out;
}
function sampleDetail(phasePeakMb: number): void {
  const status = statusFields();
  if ((status.VmRSS ?? 0) < phasePeakMb && details[phase]) return; // only the sample at the phase's peak
  const mem = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [`${s.space_name}Mb`, mb(s.space_size)]));
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  details[phase] = { ...status, heapUsedMb: mb(mem.heapUsed), heapTotalMb: mb(mem.heapTotal), externalMb: mb(mem.external), arrayBuffersMb: mb(mem.arrayBuffers), newSpaceUsedMb: mb(newSpace?.space_used_size ?? 0), ...spaces };
}
/** Milliseconds spent in GC pauses per phase (main thread), from performance entries. */
const gcMs: Record<string, number> = {};
if (MEM_DETAIL) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs[phase] = (gcMs[phase] ?? 0) + entry.duration;
  }).observe({ entryTypes: ['gc'] });
}
/** Opt-in (BENCH_SYNC_RSS_TIMELINE): RSS rises of ≥ 2 MB seen by a sampling thread, and the core's sync events, with times from the phase's start. */
const timeline: Array<{ t: number; phase: string; what: string }> = [];
let phaseStartedAt = Date.now();
const RSS_SAMPLER = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
let max = 0;
setInterval(() => {
  const m = /VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  const mb = m ? Number(m[1]) / 1024 : 0;
  if (mb >= max + 2) { max = mb; parentPort.postMessage({ t: Date.now(), mb }); }
}, 10);
parentPort.on('message', () => { max = 0; });
`;
let rssSampler: Worker | undefined;
function startTimeline(): void {
  if (!process.env.BENCH_SYNC_RSS_TIMELINE) return;
  rssSampler = new Worker(RSS_SAMPLER, { eval: true });
  rssSampler.unref();
  rssSampler.on('message', ({ t, mb }: { t: number; mb: number }) => timeline.push({ t: t - phaseStartedAt, phase, what: `rss ${round(mb)} MB` }));
}
function noteEvent(what: string): void {
  if (rssSampler && timeline.at(-1)?.what !== what) timeline.push({ t: Date.now() - phaseStartedAt, phase, what }); // a run of the same event: its first
}
let forcedGc: (() => void) | undefined;
function sampleLive(): void {
  forcedGc ??= (setFlagsFromString('--expose-gc'), runInNewContext('gc') as () => void);
  forcedGc();
  liveHeapMb[phase] = Math.max(liveHeapMb[phase] ?? 0, mb(process.memoryUsage().heapUsed));
}
/** The process's peak RSS (VmHWM) when each phase ended: it sees spikes inside synchronous stretches, which the sampler (on this thread) cannot. */
const hwmAtPhaseEnd: Record<string, number> = {};
function enterPhase(name: string): void {
  sampleRss();
  hwmAtPhaseEnd[phase] = round(peakRssMb(process.pid));
  if (process.env.BENCH_SYNC_SMAPS) writeFileSync(join(process.env.BENCH_SYNC_SMAPS, `${phase}-end.smaps`), readFileSync('/proc/self/smaps'));
  const entry = phases[phase]!;
  const now = { core: coreCpu(), node: nodePid ? cpuSeconds(nodePid) : 0 };
  entry.coreCpuS += now.core - cpuMark.core;
  entry.nodeCpuS += now.node - cpuMark.node;
  cpuMark = now;
  phase = name;
  phaseStartedAt = Date.now();
  rssSampler?.postMessage('reset'); // each phase's rises from its own start
  sampleRss();
}

// ---- trees ----

const folderOf = (folder: number) => `d${String(Math.floor(folder / 100)).padStart(2, '0')}/f${String(folder).padStart(4, '0')}`;
const fileName = (i: number) => `file-${String(i).padStart(7, '0')}.bin`;

/** The relative paths writeTree writes, in its order. */
function* treePaths(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `${folderOf(Math.floor(i / FILES_PER_FOLDER))}/${fileName(i)}`;
}

/** `count` files of 1–4 KiB (content unique per file) in folders of ~100, under `root`. */
function writeTree(root: string, count: number): number {
  const base = randomBytes(4096);
  let bytes = 0;
  for (let folder = 0; folder * FILES_PER_FOLDER < count; folder++) {
    const dir = join(root, ...folderOf(folder).split('/'));
    mkdirSync(dir, { recursive: true });
    for (let i = folder * FILES_PER_FOLDER; i < Math.min(count, (folder + 1) * FILES_PER_FOLDER); i++) {
      const size = 1024 + ((i * 7919) % 3073);
      const body = Buffer.from(base.subarray(0, size));
      body.writeUInt32LE(i, 0);
      writeFileSync(join(dir, fileName(i)), body);
      bytes += size;
    }
    if (folder % 100 === 99) log(`  wrote ${Math.min(count, (folder + 1) * FILES_PER_FOLDER)} of ${count} files`);
  }
  return bytes;
}

const WRITE_TREE_ARG = '--write-tree';

/**
 * Runs writeTree in a child process and returns the bytes written: this
 * process runs the core, and writing 100,000 files here left its malloc heap
 * larger for good (freed, but fragmented), which counted in the core's RSS
 * though none of the core's code had run.
 */
function writeTreeInChild(root: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), WRITE_TREE_ARG, root, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve(Number(out)) : reject(new Error(`writing the tree ${root} failed (${code ?? signal})`))));
  });
}

// ---- rclone (local to local only, with an empty config of its own) ----

// Commands run asynchronously: this process runs the core, whose connections
// and timers must keep working while a command runs.
let rcloneConfig = '';
async function rclone(args: string[]): Promise<number> {
  await flushDisks();
  return timeCommandAsync('rclone', ['--config', rcloneConfig, '--quiet', ...args]);
}

/** Writes dirty pages out, so no measurement pays for the writeback of the one before. */
async function flushDisks(): Promise<void> {
  await timeCommandAsync('sync', []);
}

// ---- the core ----

async function call<T>(core: AppCore, name: string, input: unknown): Promise<T> {
  const result = await core.call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function taskView(core: AppCore, id: string): Promise<SyncTask> {
  const task = (await call<SyncTask[]>(core, 'sync.list', {})).find((t) => t.id === id);
  if (!task) throw new Error(`sync task ${id} is gone`);
  return task;
}

/** Polls the task until `done` says so; fails on an error status or after `timeoutMs`. */
async function waitTask(core: AppCore, id: string, what: string, done: (t: SyncTask) => boolean, timeoutMs: number, intervalMs = 50): Promise<SyncTask> {
  const deadline = nowMs() + timeoutMs;
  let lastLog = nowMs();
  for (;;) {
    const task = await taskView(core, id);
    if (done(task)) return task;
    if (task.status === 'error' || task.status === 'offline' || task.status === 'waitingForConfirmation' || task.status === 'paused') {
      throw new Error(`${what}: the task is ${task.status}: ${task.statusMessage}`);
    }
    if (nowMs() > deadline) throw new Error(`${what}: timed out after ${timeoutMs} ms (status ${task.status}, ${task.files} files in the journal)`);
    if (nowMs() - lastLog > 5000) {
      lastLog = nowMs();
      log(`  ${what}: ${task.status}, ${task.files} in the journal${task.progress ? `, transfers ${task.progress.done}/${task.progress.total}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

function taskConfig(name: string, localPath: string, root: string, trigger: SyncTaskConfig['trigger']): SyncTaskConfig {
  return {
    name,
    localPath,
    connectionId: 'local',
    root,
    remotePath: 'sync/',
    direction: 'upload',
    trigger,
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 1_000_000, maxPercent: 100 }, dryRun: false, trashDays: 30 },
  };
}

/**
 * Creates a task and times its first sync: until it is idle with `files` files
 * in the journal. The end is the run's own lastRunAt (set as it finishes), so
 * polling slowly costs no precision; and it is polled once a second, since
 * each sync.list counts every task's journal (~10 ms at 100,000 files): at 4
 * polls a second that was ~4% of a core taken from the run being timed.
 */
async function firstSync(core: AppCore, config: SyncTaskConfig, files: number): Promise<{ id: string; ms: number }> {
  await flushDisks();
  const profile = CPU_PROF_DIR && files > 0 ? await startProfile() : undefined;
  const start = Date.now();
  const created = await call<SyncTask>(core, 'sync.create', config);
  if (config.trigger.type === 'Manual') await call(core, 'sync.runNow', { id: created.id }); // a Manual task runs only when asked
  const done = await waitTask(core, created.id, `first sync of ${config.name}`, (t) => t.status === 'idle' && t.lastRunAt !== null && t.files >= files, 60 * 60_000, 1000);
  const ms = done.lastRunAt! - start;
  if (profile) await profile.stop(join(CPU_PROF_DIR!, `first-sync-${config.name}.cpuprofile`));
  return { id: created.id, ms };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-sync-'));
  rcloneConfig = join(work, 'rclone.conf');
  writeFileSync(rcloneConfig, '');
  const sampler = setInterval(sampleRss, 100);
  const liveSampler = MEM_LIVE ? setInterval(sampleLive, 1000) : undefined;
  sampleRss();
  const baselineMb = procStatusMb(process.pid, 'VmRSS');
  const summary: Record<string, unknown> = { files: FILES, tree: TREE, machine: { cpus: cpus().length, loadAvgAtStart: loadavg().map((l) => round(l, 2)) } };
  let core: AppCore | undefined;

  try {
    log('building the storage node bundle');
    buildBundles();

    log(`writing the ${FILES}-file tree and the ${TREE}-file tree`);
    const smallTree = join(work, 'first');
    const bigTree = join(work, 'tree');
    const watchDir = join(work, 'watched');
    mkdirSync(watchDir);
    const smallBytes = await writeTreeInChild(smallTree, FILES);
    const bigBytes = await writeTreeInChild(bigTree, TREE);
    await sleep(DEFAULT_TIMINGS.stableMs + 100); // nothing may look "still being written" to the first scans
    await timeCommandAsync('du', ['-s', work]); // the same warm dentry/inode cache for everyone below

    core = await createBenchCore(join(work, 'app'), log);
    nodePid = readPidFile(join(work, 'app', 'storage-node', 'node.lock'));
    cpuMark.node = nodePid ? cpuSeconds(nodePid) : 0;
    log(`core up (storage node pid ${nodePid ?? 'unknown'})`);
    startTimeline();
    core.events.onAny((event) => {
      if (event.name === 'sync.changed' || event.name === 'sync.log') noteEvent(event.name);
    });
    const bucket = await call<{ id: string }>(core, 'roots.create', { connectionId: 'local', parentId: null, name: 'bench' });
    const newPackage = async (name: string) => (await call<{ id: string }>(core!, 'roots.create', { connectionId: 'local', parentId: bucket.id, name })).id;
    const packages = { first: await newPackage('first'), tree: await newPackage('tree'), watched: await newPackage('watched') };

    // ---- 1. first sync of FILES small files ----
    enterPhase('firstSync');
    log(`first sync of ${FILES} files (${round(smallBytes / 1024 / 1024)} MiB)`);
    const first = await firstSync(core, taskConfig('first', smallTree, packages.first, { type: 'Manual' }), FILES);
    log(`  ${round(first.ms / 1000, 2)} s, ${round(FILES / (first.ms / 1000))} files/s`);
    const rcloneFirstMs = await rclone(['sync', smallTree, join(work, 'first-rclone')]);
    log(`  rclone sync: ${round(rcloneFirstMs / 1000, 2)} s`);
    summary.firstSync = {
      files: FILES,
      mib: round(smallBytes / 1024 / 1024),
      seconds: round(first.ms / 1000, 2),
      filesPerSecond: round(FILES / (first.ms / 1000)),
      rcloneSyncSeconds: round(rcloneFirstMs / 1000, 2),
      vsRclone: round(first.ms / rcloneFirstMs, 1),
    };

    // ---- 2. a no-change rescan of TREE files ----
    enterPhase('bigFirstSync');
    log(`first sync of the ${TREE}-file tree (${round(bigBytes / 1024 / 1024)} MiB)`);
    const big = await firstSync(core, taskConfig('tree', bigTree, packages.tree, { type: 'Manual' }), TREE);
    log(`  ${round(big.ms / 1000, 2)} s, ${round(TREE / (big.ms / 1000))} files/s`);
    const rcloneBigMs = await rclone(['sync', bigTree, join(work, 'tree-rclone')]);
    log(`  rclone sync: ${round(rcloneBigMs / 1000, 2)} s`);

    enterPhase('rescan');
    const rescans: number[] = [];
    const rescanCpu: Array<{ core: number; coreMainThread: number; node: number }> = [];
    for (let i = 0; i < RESCANS; i++) {
      const before = await taskView(core, big.id);
      await flushDisks();
      const profile = CPU_PROF_DIR ? await startProfile() : undefined;
      const alloc = process.env.BENCH_SYNC_ALLOC_PROF && i === 0 ? new Session() : undefined;
      if (alloc) {
        alloc.connect();
        await alloc.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
      }
      const cpuBefore = { core: coreCpu(), coreMainThread: mainThreadCpuSeconds(process.pid), node: nodePid ? cpuSeconds(nodePid) : NaN };
      const start = Date.now();
      await call(core, 'sync.runNow', { id: big.id });
      // Polled slowly (sync.list costs the core something); the end is the run's own lastRunAt.
      const after = await waitTask(core, big.id, 'rescan', (t) => t.status === 'idle' && t.lastRunAt !== null && t.lastRunAt !== before.lastRunAt, 10 * 60_000, 250);
      const ms = after.lastRunAt! - start;
      rescanCpu.push({ core: coreCpu() - cpuBefore.core, coreMainThread: mainThreadCpuSeconds(process.pid) - cpuBefore.coreMainThread, node: (nodePid ? cpuSeconds(nodePid) : NaN) - cpuBefore.node });
      if (profile) await profile.stop(join(CPU_PROF_DIR!, `rescan-${i + 1}.cpuprofile`));
      if (alloc) {
        const { profile: heap } = await alloc.post('HeapProfiler.stopSampling');
        await writeFile(join(process.env.BENCH_SYNC_ALLOC_PROF!, 'rescan.heapprofile'), JSON.stringify(heap));
        alloc.disconnect();
      }
      if (after.files !== TREE) throw new Error(`the rescan changed the journal: ${after.files} files`);
      rescans.push(ms);
      log(`  rescan ${i + 1}: ${round(ms / 1000, 2)} s (CPU: core ${round(rescanCpu[i]!.core, 2)} s, its main thread ${round(rescanCpu[i]!.coreMainThread, 2)} s, storage node ${round(rescanCpu[i]!.node, 2)} s)`);
      await sleep(500);
    }
    const checks: number[] = [];
    const sizeOnly: number[] = [];
    for (let i = 0; i < 3; i++) {
      checks.push(await rclone(['check', bigTree, join(work, 'tree-rclone')]));
      sizeOnly.push(await rclone(['check', '--size-only', bigTree, join(work, 'tree-rclone')]));
    }
    log(`  rclone check: ${round(median(checks) / 1000, 2)} s, --size-only ${round(median(sizeOnly) / 1000, 2)} s`);
    summary.rescan = {
      files: TREE,
      folders: Math.ceil(TREE / FILES_PER_FOLDER),
      firstSyncSeconds: round(big.ms / 1000, 2),
      firstSyncFilesPerSecond: round(TREE / (big.ms / 1000)),
      rcloneSyncSeconds: round(rcloneBigMs / 1000, 2),
      rescanSeconds: rescans.map((ms) => round(ms / 1000, 2)),
      rescanMedianSeconds: round(median(rescans) / 1000, 2),
      rescanCpuSeconds: { core: round(median(rescanCpu.map((c) => c.core)), 2), coreMainThread: round(median(rescanCpu.map((c) => c.coreMainThread)), 2), storageNode: round(median(rescanCpu.map((c) => c.node)), 2) },
      rcloneCheckSeconds: round(median(checks) / 1000, 2),
      rcloneCheckSizeOnlySeconds: round(median(sizeOnly) / 1000, 2),
      targetSeconds: 5,
      // The target: within 5 s and no slower than `rclone check` (which hashes by default).
      meetsTarget: median(rescans) <= 5000 && median(rescans) <= median(checks),
      noSlowerThanSizeOnlyCheck: median(rescans) <= median(sizeOnly),
      vsRcloneSizeOnly: round(median(rescans) / median(sizeOnly), 2),
      // Issue 15: within 1.5× `rclone check --size-only` in the same run.
      meetsSizeOnlyTarget: median(rescans) <= 1.5 * median(sizeOnly),
    };

    // ---- 3. watch latency ----
    enterPhase('watch');
    await call(core, 'transfers.clearFinished', {}); // keeps the job list short to search
    log(`watch latency over ${WATCH_WRITES} writes`);
    const watch = await firstSync(core, taskConfig('watched', watchDir, packages.watched, { type: 'Watch' }), 0);
    await waitTask(core, watch.id, 'watcher ready', (t) => t.watching !== null, 30_000);
    summary.watch = await measureWatch(core, watch.id, watchDir);

    // ---- 5. the huge rescan (opt-in) ----
    if (HUGE > 0) summary.huge = await hugeRescan(core, work, newPackage);

    // ---- 4. memory ----
    enterPhase('end');
    (summary.machine as Record<string, unknown>).loadAvgAtEnd = loadavg().map((l) => round(l, 2));
    summary.memory = {
      coreBaselineMb: round(baselineMb),
      corePeakRssMb: round(peakRssMb(process.pid)),
      nodePeakRssMb: nodePid ? round(peakRssMb(nodePid)) : null,
      perPhase: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { coreRssMb: round(v.coreRssMb), coreHeapUsedMb: round(v.coreHeapUsedMb), coreHeapTotalMb: round(v.coreHeapTotalMb), nodeRssMb: round(v.nodeRssMb), coreCpuS: round(v.coreCpuS, 2), nodeCpuS: round(v.nodeCpuS, 2) }])),
      targetMb: 300,
      meetsTarget: peakRssMb(process.pid) <= 300,
      ...(MEM_DETAIL ? { atPhasePeak: details, gcMs: Object.fromEntries(Object.entries(gcMs).map(([k, v]) => [k, round(v)])), hwmAtPhaseEnd } : {}),
      ...(MEM_LIVE ? { liveHeapMb } : {}),
      ...(rssSampler ? { rssTimeline: timeline.map((e) => `${e.phase} +${e.t} ms ${e.what}`) } : {}),
    };
  } finally {
    clearInterval(sampler);
    if (liveSampler) clearInterval(liveSampler);
    await rssSampler?.terminate(); // its port would keep the process up
    await core?.close();
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(summary) + '\n');
}

/**
 * 5. A no-change rescan of HUGE files: the tree, the package holding the same
 * files and a journal saying both are in sync (see the header), then timed
 * rescans next to `rclone check --size-only` against a copy.
 */
async function hugeRescan(core: AppCore, work: string, newPackage: (name: string) => Promise<string>) {
  enterPhase('hugeSetup');
  const tree = join(work, 'huge');
  log(`huge rescan: writing ${HUGE} files`);
  await writeTreeInChild(tree, HUGE);
  const root = await newPackage('huge');
  const endpoint = core.deps.embeddedNode.endpoint();
  if (!endpoint) throw new Error('the embedded node is not running');
  // The task, not run yet (Manual); its journal is written below as a first sync leaves it.
  const created = await call<SyncTask>(core, 'sync.create', taskConfig('huge', tree, root, { type: 'Manual' }));
  log('  uploading them to the package and writing the journal (in a child process)');
  const setupStart = nowMs();
  await runHugeSetupChild({ tree, files: HUGE, url: endpoint.url, credentials: endpoint.credentials, root, taskId: created.id, appDir: join(work, 'app') });
  log(`  set up in ${round((nowMs() - setupStart) / 1000, 1)} s`);
  log('  rclone sync to a copy (for rclone check)');
  const rcloneSyncMs = await rclone(['sync', tree, join(work, 'huge-rclone')]);
  if ((await taskView(core, created.id)).files !== HUGE) throw new Error('the huge journal does not hold every file');

  enterPhase('hugeRescan');
  const rescans: number[] = [];
  for (let i = 0; i < HUGE_RESCANS; i++) {
    const before = await taskView(core, created.id);
    await flushDisks();
    const start = Date.now();
    await call(core, 'sync.runNow', { id: created.id });
    const after = await waitTask(core, created.id, 'huge rescan', (t) => t.status === 'idle' && t.lastRunAt !== null && t.lastRunAt !== before.lastRunAt, 60 * 60_000, 250);
    if (after.files !== HUGE) throw new Error(`the huge rescan changed the journal: ${after.files} files`);
    rescans.push(after.lastRunAt! - start);
    log(`  huge rescan ${i + 1}: ${round(rescans[i]! / 1000, 2)} s`);
  }
  enterPhase('hugeCheck');
  const sizeOnly: number[] = [];
  for (let i = 0; i < 2; i++) sizeOnly.push(await rclone(['check', '--size-only', tree, join(work, 'huge-rclone')]));
  log(`  rclone check --size-only: ${round(median(sizeOnly) / 1000, 2)} s`);
  // By `rm`, not fs.rm: a recursive fs.rm of a million files in this process would be the core's RSS peak.
  await timeCommandAsync('rm', ['-rf', tree, join(work, 'huge-rclone')]);
  return {
    files: HUGE,
    rcloneSyncSeconds: round(rcloneSyncMs / 1000, 2),
    rescanSeconds: rescans.map((ms) => round(ms / 1000, 2)),
    rescanMedianSeconds: round(median(rescans) / 1000, 2),
    rcloneCheckSizeOnlySeconds: round(median(sizeOnly) / 1000, 2),
    vsRcloneSizeOnly: round(median(rescans) / median(sizeOnly), 2),
    coreRescanPeakRssMb: round(phases.hugeRescan!.coreRssMb),
    coreRescanPeakRssMbAtTree: round(phases.rescan?.coreRssMb ?? NaN),
    rssGrowthMb: round(phases.hugeRescan!.coreRssMb - (phases.rescan?.coreRssMb ?? NaN)),
    rssGrowthTargetMb: 50,
  };
}

// ---- the huge case's setup, in a child process ----

interface HugeSetup {
  tree: string;
  files: number;
  url: string;
  credentials: ConstructorParameters<typeof JcsClient>[0]['credentials'];
  root: string;
  taskId: string;
  appDir: string;
}

/** Requests of the huge setup's upload in flight at once, and files per request (the node takes up to 10,000). */
const SETUP_IN_FLIGHT = 4;
const SETUP_BATCH = 1000;

/**
 * Runs hugeSetup (below) in a child process: its garbage, buffers and second
 * database connection then never count in the core's RSS, which the huge
 * rescan measures right after.
 */
function runHugeSetupChild(setup: HugeSetup): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), HUGE_SETUP_ARG, JSON.stringify(setup)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the huge setup failed (${code ?? signal})`))));
  });
}

const HUGE_SETUP_ARG = '--huge-setup';

/**
 * The state a first sync of the huge tree leaves, made directly: the files
 * uploaded in multi-file requests (the node's own API, several in flight), and
 * the task's journal written from the listing and the files' stats, a page at
 * a time, over a connection of its own to the app database.
 */
async function hugeSetup(setup: HugeSetup): Promise<void> {
  const client = new JcsClient({ baseUrl: setup.url, credentials: setup.credentials });
  const packageId = Number(setup.root.slice(1));
  const paths = treePaths(setup.files);
  let uploaded = 0;
  let nextLog = 50_000;
  const nextBatch = () => {
    const batch: Array<{ path: string; body: Buffer }> = [];
    while (batch.length < SETUP_BATCH) {
      const step = paths.next();
      if (step.done) break;
      batch.push({ path: `sync/${step.value}`, body: readFileSync(join(setup.tree, ...step.value.split('/'))) });
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      await client.uploadObjects(packageId, batch);
      uploaded += batch.length;
      if (uploaded >= nextLog) {
        log(`  uploaded ${uploaded} of ${setup.files}`);
        nextLog += 50_000;
      }
    }
  };
  const uploadStart = nowMs();
  await Promise.all(Array.from({ length: Number(process.env.BENCH_SYNC_SETUP_IN_FLIGHT ?? SETUP_IN_FLIGHT) }, worker));
  client.close();
  log(`  uploaded in ${round((nowMs() - uploadStart) / 1000, 1)} s`);
  const journalStart = nowMs();

  const db = openAppDatabase(setup.appDir);
  const provider = new JcsProvider({ baseUrl: setup.url, credentials: setup.credentials });
  try {
    const store = new SyncStore(db);
    let written = 0;
    let token: string | null = null;
    do {
      const page = await provider.listFolder(setup.root, 'sync/', { recursive: true, maxKeys: 1000, ...(token === null ? {} : { token }) });
      store.transaction(() => {
        for (const o of page.entries) {
          const rel = o.path.slice('sync/'.length);
          const info = statSync(join(setup.tree, ...rel.split('/')));
          store.putJournal(setup.taskId, { path: rel, local_size: info.size, local_mtime: Math.floor(info.mtimeMs), local_hash: null, remote_ref: o.ref ?? null, remote_version: o.version, remote_size: o.size });
        }
      });
      written += page.entries.length;
      if (written % 100_000 < page.entries.length) log(`  journal: ${written} of ${setup.files}`);
      token = page.nextToken;
    } while (token !== null);
  } finally {
    provider.close();
    db.close();
  }
  log(`  journal written in ${round((nowMs() - journalStart) / 1000, 1)} s`);
}

/** Writes files one by one into the watched folder; each time, how long until its upload job runs. */
async function measureWatch(core: AppCore, taskId: string, dir: string) {
  const latencies: number[] = [];
  let missed = 0;
  for (let i = 0; i < WATCH_WRITES && missed < 3; i++) {
    const name = `w-${String(i).padStart(3, '0')}.txt`;
    const path = join(dir, name);
    let found: (() => void) | undefined;
    let checking = false;
    let started: number | undefined;
    const check = async () => {
      if (checking || started !== undefined) return;
      checking = true;
      try {
        const jobs = await recentJobs(core);
        const job = jobs.find((j) => j.localPath === path && (j.state === 'running' || j.state === 'completed'));
        if (job && started === undefined) {
          started = nowMs();
          found?.();
        }
      } finally {
        checking = false;
      }
    };
    // Jobs are announced at once (transfers.changed) and start in a microtask; the poll is a backstop.
    const stop = core.events.onAny((event) => {
      if (event.name === 'transfers.changed' || event.name === 'transfers.progress') setImmediate(() => void check());
    });
    const poll = setInterval(() => void check(), 10);
    const t0 = nowMs();
    await writeFile(path, `watched file ${i} ${randomBytes(8).toString('hex')}\n`);
    const written = nowMs();
    const ok = await Promise.race([new Promise<boolean>((resolve) => (found = () => resolve(true))), sleep(15_000).then(() => false)]);
    clearInterval(poll);
    stop();
    if (ok && started !== undefined) {
      latencies.push(started - written);
      log(`  write ${i + 1}: ${round(started - written)} ms (write took ${round(written - t0)} ms)`);
    } else {
      missed++;
      log(`  write ${i + 1}: no upload job within 15 s`);
    }
    // Let the run finish before the next write, and leave a gap so writes are never merged.
    await waitTask(core, taskId, 'watch run', (t) => t.status === 'idle' && t.progress === null, 60_000, 100).catch((error: unknown) => log(String(error)));
    await sleep(300 + Math.floor(Math.random() * 200));
  }
  const p = (q: number) => (latencies.length ? round(percentile(latencies, q)) : null);
  return {
    writes: latencies.length + missed,
    missed,
    p50Ms: p(50),
    p95Ms: p(95),
    maxMs: latencies.length ? round(Math.max(...latencies)) : null,
    targetP95Ms: 1500,
    meetsTarget: missed === 0 && latencies.length > 0 && percentile(latencies, 95) <= 1500,
  };
}

async function recentJobs(core: AppCore): Promise<TransferJob[]> {
  const head = await call<{ jobs: TransferJob[]; total: number }>(core, 'transfers.list', { offset: 0, limit: 1 });
  return (await call<{ jobs: TransferJob[]; total: number }>(core, 'transfers.list', { offset: Math.max(0, head.total - 20), limit: 20 })).jobs;
}

/** An in-process V8 CPU profile (the same data `--cpu-prof` writes), for one stretch of work. */
async function startProfile(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(path: string) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

if (process.argv[2] === WRITE_TREE_ARG) {
  process.stdout.write(String(writeTree(process.argv[3]!, Number(process.argv[4]))));
} else if (process.argv[2] === HUGE_SETUP_ARG) {
  hugeSetup(JSON.parse(process.argv[3]!) as HugeSetup).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
