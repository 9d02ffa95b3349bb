/**
 * npm run bench:load — the storage node (its bundle, as `npm run storage-node`
 * runs it) under many clients at once: 32 simulated users, each in its own
 * bucket, doing mixed operations (small and multipart uploads, whole and
 * ranged downloads, listings, moves, deletes, package and bucket creates) for
 * 60 s, every answer checked. Afterwards every object a client holds is
 * listed, downloaded and hashed. With --kills N the node is SIGKILLed N times
 * (evenly spread) and restarted on the same data folder and port; changes it
 * never answered are looked up, and every acknowledged object must survive.
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *
 *   --seconds N  (LOAD_SECONDS, default 60)   how long the clients run
 *   --clients N  (LOAD_CLIENTS, default 32)   simulated users
 *   --kills N    (LOAD_KILLS, default 0)      SIGKILLs and restarts during the run
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles, peakRssMb, procStatusMb, round, startNodeProcess, stopProcess } from './bench-utils';
import { LoadClient, type LoadEnv } from './load-client';
import { LoadStats } from './load-stats';

const { values: args } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' }, kills: { type: 'string' } } });
const SECONDS = Number(args.seconds ?? process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(args.clients ?? process.env.LOAD_CLIENTS ?? 32);
const KILLS = Number(args.kills ?? process.env.LOAD_KILLS ?? 0);
const RSS_TARGET_MB = 200;
const log = (message: string) => process.stderr.write(`[bench:load] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface KillRecord {
  atSeconds: number;
  restartMs: number;
  exit: string;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-load-'));
  const dataDir = join(work, 'node');
  const credentials = { accessKey: 'LOADKEY', secretKey: randomBytes(24).toString('base64url') };
  const nodeArgs = (port: number) => ['--data', dataDir, '--port', String(port), '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`];
  buildBundles();
  const first = await startNodeProcess(nodeArgs(0), { build: false });
  let child = first.child;
  const url = first.url;
  const port = Number(new URL(url).port);

  let peakRss = 0;
  let lastRss = 0;
  const sample = (proc: ChildProcess) => {
    const hwm = peakRssMb(proc.pid!);
    if (!Number.isNaN(hwm)) peakRss = Math.max(peakRss, hwm);
    lastRss = procStatusMb(proc.pid!, 'VmRSS');
  };
  const sampler = setInterval(() => sample(child), 200);

  let generation = 0;
  let upNow: Promise<void> = Promise.resolve();
  const stats = new LoadStats();
  const env: LoadEnv = { url, credentials, generation: () => generation, up: () => upNow, stats };
  const clients = Array.from({ length: CLIENTS }, (_, i) => new LoadClient(i, env));
  const kills: KillRecord[] = [];

  try {
    log(`${CLIENTS} clients for ${SECONDS} s against ${url}${KILLS ? `, ${KILLS} SIGKILLs` : ''}`);
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const progress = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      log(`${round(elapsed)} s: ${stats.totalOps()} ops (${round(stats.totalOps() / elapsed)}/s), ${stats.requests} requests, ${stats.errorCount} errors, ${stats.violationCount} violations, node RSS ${round(lastRss)} MB (peak ${round(peakRss)})`);
    }, 5_000);

    const killer = (async () => {
      for (let k = 1; k <= KILLS; k++) {
        await sleep(Math.max(0, started + (k * SECONDS * 1000) / (KILLS + 1) - performance.now()));
        let markUp!: () => void;
        upNow = new Promise<void>((resolve) => (markUp = resolve));
        generation++;
        sample(child);
        const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(signal ?? code))));
        child.kill('SIGKILL');
        const exit = await exited;
        const restartStart = performance.now();
        ({ child } = await startNodeProcess(nodeArgs(port), { build: false }));
        const restartMs = performance.now() - restartStart;
        kills.push({ atSeconds: round((restartStart - started) / 1000), restartMs: round(restartMs), exit });
        log(`SIGKILL ${k}: exit ${exit}, restarted in ${round(restartMs)} ms`);
        markUp();
      }
    })();

    await Promise.all(clients.map((client) => client.run(deadline)));
    await killer;
    clearInterval(progress);
    const runSeconds = (performance.now() - started) / 1000;
    const ops = stats.totalOps();
    const requests = stats.requests;

    log('verifying every object the clients hold');
    const verifyStart = performance.now();
    const checked = await Promise.all(
      clients.map((client) =>
        client.verify().catch((error: unknown) => {
          stats.violation(`client ${client.id}: verification failed: ${(error as Error).message}`);
          return { objects: 0, bytes: 0 };
        }),
      ),
    );
    const expectedObjects = checked.reduce((sum, c) => sum + c.objects, 0);
    const verifiedBytes = checked.reduce((sum, c) => sum + c.bytes, 0);
    clearInterval(sampler);
    sample(child);

    const summary = {
      bench: 'load',
      clients: CLIENTS,
      seconds: round(runSeconds),
      kills: KILLS,
      cpus: 2,
      loadAverage: loadavg().map((l) => round(l, 2)),
      ops,
      opsPerSecond: round(ops / runSeconds),
      requests,
      requestsPerSecond: round(requests / runSeconds),
      opsByKind: Object.fromEntries([...stats.ops.entries()].sort()),
      errors: stats.errorCount,
      errorSamples: stats.errors,
      interruptedByKills: stats.interrupted,
      unansweredChanges: stats.unanswered,
      killsDone: kills,
      verifiedObjects: stats.verified,
      expectedObjects,
      verifiedMB: round(verifiedBytes / 1024 / 1024),
      verifySeconds: round((performance.now() - verifyStart) / 1000),
      violations: stats.violationCount,
      violationSamples: stats.violations,
      nodePeakRssMB: round(peakRss),
      targets: { errors: 0, violations: 0, verifiedObjects: 'all', nodePeakRssMB: `<= ${RSS_TARGET_MB}` },
      met: {
        zeroErrors: stats.errorCount === 0,
        zeroViolations: stats.violationCount === 0,
        allVerified: stats.verified === expectedObjects,
        rss: peakRss <= RSS_TARGET_MB,
        kills: kills.length === KILLS,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    clearInterval(sampler);
    await stopProcess(child);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
