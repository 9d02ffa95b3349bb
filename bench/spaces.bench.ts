/**
 * npm run bench:spaces — importing user spaces into packages, measured on this
 * machine in one run, next to `rclone copy` of the same trees between local
 * folders (a peer doing the same read-hash-write work):
 *
 *   1. 10,000 × 4 KiB files and one 1 GiB file from a Local space
 *      (createPackage through the node's job, polled to the end);
 *   2. the same from an S3 space on a real S3 server (Ceph RGW on loopback),
 *      when RGW is installed (skipped with the reason otherwise);
 *   3. the storage node's peak RSS over all of it (VmHWM; target ≤ 200 MB).
 *
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *   BENCH_SPACES_FILES (default 10000)  small files
 *   BENCH_SPACES_MB (default 1024)      size of the big file
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { signRequest, sha256Hex, EMPTY_PAYLOAD_SHA256, type Credentials } from '../src-main/common/sigv4';
import { mbPerSecond, peakRssMb, procStatusMb, round, startNodeProcess, stopProcess, timeCommand, timed, writeRandomFile } from './bench-utils';
import { s3Source, type S3Source } from './spaces-s3-source';

const FILES = Number(process.env.BENCH_SPACES_FILES ?? 10_000);
const BIG_MB = Number(process.env.BENCH_SPACES_MB ?? 1024);
const log = (message: string) => process.stderr.write(`[bench:spaces] ${message}\n`);

interface Caller {
  call<T>(method: 'GET' | 'POST', route: string, body?: unknown, query?: Record<string, string | number>): Promise<T>;
}

function signedCaller(baseUrl: string, credentials: Credentials): Caller {
  return {
    async call<T>(method: 'GET' | 'POST', route: string, body?: unknown, query: Record<string, string | number> = {}): Promise<T> {
      const url = new URL(`${baseUrl}/v1${route}`);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = payload ? { 'content-type': 'application/json' } : {};
      Object.assign(headers, signRequest({ method, url, payloadHash: payload ? sha256Hex(Buffer.from(payload)) : EMPTY_PAYLOAD_SHA256, credentials }));
      const res = await fetch(url, { method, headers, body: payload });
      const envelope = (await res.json()) as { code: string; message: string; data: T };
      if (envelope.code !== 'OK') throw new Error(`${route}: ${envelope.code} ${envelope.message}`);
      return envelope.data;
    },
  };
}

interface ImportFigures {
  files: number;
  bytes: number;
  seconds: number;
  filesPerS: number;
  mbPerS: number;
  /** The node's largest RSS sampled (every 100 ms) during this import. */
  nodeRssMB?: number;
}

/** Samples a process's RSS every 100 ms while `work` runs; the largest seen is added to the figures (VmHWM gives only the run's peak). */
async function withRss(pid: number, work: () => Promise<ImportFigures>): Promise<ImportFigures> {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, procStatusMb(pid, 'VmRSS')));
  const timer = setInterval(sample, 100);
  try {
    const figures = await work();
    sample();
    return { ...figures, nodeRssMB: round(peak) };
  } finally {
    clearInterval(timer);
  }
}

/** createPackage of `path` in the space as an async job, polled until done. */
async function importPackage(api: Caller, userSpaceID: number, path: string, bucketID: number, name: string): Promise<ImportFigures> {
  const { ms, value: job } = await timed(async () => {
    const { job } = await api.call<{ job: { jobID: number } }>('POST', '/userSpace/createPackage', { userSpaceID, path, bucketID, name, async: true });
    for (;;) {
      const { job: now } = await api.call<{ job: { state: string; filesDone: number; bytesDone: string; error: { message: string } | null } }>('GET', '/userSpace/getJob', undefined, { jobID: job.jobID });
      if (now.state === 'failed') throw new Error(`import failed: ${now.error?.message}`);
      if (now.state === 'done') return now;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const bytes = Number(job.bytesDone);
  return { files: job.filesDone, bytes, seconds: round(ms / 1000, 2), filesPerS: round(job.filesDone / (ms / 1000)), mbPerS: mbPerSecond(bytes, ms) };
}

function rcloneCopy(from: string, to: string, files: number, bytes: number): ImportFigures & { available: boolean } {
  if (spawnSync('rclone', ['version'], { stdio: 'ignore' }).error) return { available: false, files, bytes, seconds: 0, filesPerS: 0, mbPerS: 0 };
  const ms = timeCommand('rclone', ['copy', from, to, '--transfers', '8', '--checkers', '8']);
  return { available: true, files, bytes, seconds: round(ms / 1000, 2), filesPerS: round(files / (ms / 1000)), mbPerS: mbPerSecond(bytes, ms) };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-spaces-'));
  const credentials: Credentials = { accessKey: 'BENCHAK', secretKey: 'bench-secret-key-0123456789' };
  let s3: S3Source | undefined;
  try {
    const small = join(work, 'local', 'small');
    const big = join(work, 'local', 'big');
    log(`writing ${FILES} × 4 KiB files and a ${BIG_MB} MiB file`);
    for (let i = 0; i < FILES; i++) {
      const dir = join(small, `d${i % 100}`);
      if (i < 100) await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `f${i}.bin`), Buffer.alloc(4096, i % 251));
    }
    await mkdir(big, { recursive: true });
    await writeRandomFile(join(big, 'big.bin'), BIG_MB);

    const node = await startNodeProcess(['--data', join(work, 'node'), '--port', '0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
    try {
      const api = signedCaller(node.url, credentials);
      const client = new JcsClient({ baseUrl: node.url, credentials });
      const bucketID = (await client.createBucket('bench')).bucketID;
      client.close();
      const local = (await api.call<{ userSpace: { userSpaceID: number } }>('POST', '/userSpace/create', { name: 'local', storage: { type: 'Local', localPath: join(work, 'local') }, credential: null, workingDir: '' })).userSpace.userSpaceID;

      log('importing the small files from a Local space');
      const localSmall = await withRss(node.child.pid!, () => importPackage(api, local, 'small', bucketID, 'local-small'));
      log(`  ${localSmall.filesPerS} files/s`);
      log('importing the big file from a Local space');
      const localBig = await withRss(node.child.pid!, () => importPackage(api, local, 'big', bucketID, 'local-big'));
      log(`  ${localBig.mbPerS} MB/s`);
      log('rclone copy of the same trees');
      const rcloneSmall = rcloneCopy(small, join(work, 'rclone-small'), FILES, FILES * 4096);
      const rcloneBig = rcloneCopy(big, join(work, 'rclone-big'), 1, BIG_MB * 1024 * 1024);
      log(`  rclone: ${rcloneSmall.filesPerS} files/s, ${rcloneBig.mbPerS} MB/s`);

      let fromS3: { small: ImportFigures; big: ImportFigures } | { skipped: string };
      s3 = await s3Source(log);
      if ('skipped' in s3) fromS3 = { skipped: s3.skipped };
      else {
        log('uploading the trees to RGW (not timed)');
        await s3.upload(small, 'small');
        await s3.upload(big, 'big');
        const space = (await api.call<{ userSpace: { userSpaceID: number } }>('POST', '/userSpace/create', { name: 's3', storage: s3.storage, credential: s3.credential, workingDir: '' })).userSpace.userSpaceID;
        log('importing the small files from an S3 space');
        const s3Small = await withRss(node.child.pid!, () => importPackage(api, space, 'small', bucketID, 's3-small'));
        log(`  ${s3Small.filesPerS} files/s`);
        log('importing the big file from an S3 space');
        const s3Big = await withRss(node.child.pid!, () => importPackage(api, space, 'big', bucketID, 's3-big'));
        log(`  ${s3Big.mbPerS} MB/s`);
        fromS3 = { small: s3Small, big: s3Big };
      }
      const nodePeakRssMB = round(peakRssMb(node.child.pid!));
      console.log(JSON.stringify({ bench: 'spaces', files: FILES, bigMB: BIG_MB, local: { small: localSmall, big: localBig }, s3: fromS3, rclone: { small: rcloneSmall, big: rcloneBig }, nodePeakRssMB, nodeRssTargetMet: nodePeakRssMB <= 200 }));
    } finally {
      await stopProcess(node.child);
    }
  } finally {
    if (s3 && !('skipped' in s3)) await s3.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
