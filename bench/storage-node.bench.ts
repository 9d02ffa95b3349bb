/**
 * npm run bench:node — the storage node's throughput and memory, measured
 * against cp and sha256sum on the same machine in the same run.
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *
 *   BENCH_BIG_MB (default 1024)   size of the big object
 *   BENCH_SMALL_FILES (10000)     4 KiB files for the small-file test (250 per request, 2 requests at once; target 5,000 files/s)
 *   BENCH_FOLDER_OBJECTS (100000) objects in the one-folder listing test
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { cpuSeconds, mbPerSecond, median, peakRssMb, round, startNodeProcess, stopProcess, timeCommand, timed, writeRandomFile } from './bench-utils';

const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 1024);
const SMALL_FILES = Number(process.env.BENCH_SMALL_FILES ?? 10_000);
const FOLDER_OBJECTS = Number(process.env.BENCH_FOLDER_OBJECTS ?? 100_000);
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;
const log = (message: string) => process.stderr.write(`[bench:node] ${message}\n`);

/**
 * Times one multi-file upload of the big file with curl (signed with curl's own
 * --aws-sigv4, service jcs, region any), so the figure is the node's cost and
 * not our Node client's. Undefined when curl is not installed.
 */
function curlUploadMBps(url: string, credentials: { accessKey: string; secretKey: string }, packageId: number, path: string, bytes: number): number | undefined {
  if (spawnSync('curl', ['--version']).status !== 0) return undefined;
  timeCommand('cat', [path]);
  const args = ['-s', '-f', '-o', '/dev/null', '--aws-sigv4', 'aws:amz:any:jcs', '--user', `${credentials.accessKey}:${credentials.secretKey}`, '-H', 'x-amz-content-sha256: UNSIGNED-PAYLOAD', '-F', `info={"packageID":${packageId}}`, '-F', `files=@${path};filename=big-curl.bin`, `${url}/v1/object/upload`];
  const ms = timeCommand('curl', args);
  return mbPerSecond(bytes, ms);
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-node-'));
  const credentials = { accessKey: 'BENCHKEY', secretKey: randomBytes(24).toString('base64url') };
  const { child, url } = await startNodeProcess(['--data', join(work, 'node'), '--port', '0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
  const client = new JcsClient({ baseUrl: url, credentials });
  let rssSamples = 0;
  let rssMax = 0;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, peakRssMb(child.pid!));
    rssSamples++;
  }, 200);

  try {
    const bucket = await client.createBucket('bench');
    const pkg = await client.createPackage(bucket.bucketID, 'bench');

    // ---- 1 GiB up and down, next to cp and sha256sum of the same file ----
    const bigPath = join(work, 'big.bin');
    log(`writing a ${BIG_MB} MiB random file`);
    await writeRandomFile(bigPath, BIG_MB);
    const bigBytes = (await stat(bigPath)).size;
    timeCommand('cat', [bigPath]); // warm the page cache so every reader below starts equal
    const cpMs = timeCommand('cp', [bigPath, join(work, 'big.cp')]);
    await rm(join(work, 'big.cp'));
    const shaMs = timeCommand('sha256sum', [bigPath]);
    log(`cp ${round(mbPerSecond(bigBytes, cpMs))} MB/s, sha256sum ${round(mbPerSecond(bigBytes, shaMs))} MB/s`);

    const upload = await timed(() => client.uploadObjects(pkg.packageID, [{ path: 'big.bin', body: { size: bigBytes, open: () => createReadStream(bigPath, { highWaterMark: 1024 * 1024 }) } }]));
    const bigObject = upload.value[0]!;
    log(`upload ${round(mbPerSecond(bigBytes, upload.ms))} MB/s`);

    // The node's own ingest rate, with a lean C client (curl) instead of our Node client competing for the two cores.
    const curlMBs = curlUploadMBps(url, credentials, pkg.packageID, bigPath, bigBytes);
    if (curlMBs !== undefined) log(`upload with curl as the client ${round(curlMBs)} MB/s`);

    const downloadPath = join(work, 'big.down');
    const download = await timed(async () => {
      const d = await client.download({ objectID: bigObject.objectID });
      await pipeline(d.stream, createWriteStream(downloadPath, { highWaterMark: 1024 * 1024 }));
    });
    await rm(downloadPath);
    log(`download ${round(mbPerSecond(bigBytes, download.ms))} MB/s`);

    // ---- many small files in multi-file requests ----
    // The contents are made before the clock starts, so the figure is the upload's, not the random generator's.
    const perRequest = 250;
    const concurrency = 2;
    const smallBodies = Array.from({ length: SMALL_FILES }, () => randomBytes(4096));
    const cpuBefore = processCpuMs(child.pid!);
    const small = await timed(async () => {
      let next = 0;
      const worker = async () => {
        for (;;) {
          const start = next;
          next += perRequest;
          if (start >= SMALL_FILES) return;
          const files = [];
          for (let i = start; i < Math.min(start + perRequest, SMALL_FILES); i++) files.push({ path: `small/${String(i).padStart(6, '0')}.bin`, body: smallBodies[i]! });
          await client.uploadObjects(pkg.packageID, files);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
    // CPU time is steadier than wall time on a shared machine: it says what a file costs the node itself.
    const nodeCpuMsPerSmallFile = (processCpuMs(child.pid!) - cpuBefore) / SMALL_FILES;
    const smallFilesPerSecond = SMALL_FILES / (small.ms / 1000);
    log(`small files ${round(smallFilesPerSecond)} files/s (${perRequest} per request, ${concurrency} requests at once), node CPU ${round(nodeCpuMsPerSmallFile, 3)} ms per file`);

    // ---- one folder of 100,000 objects: first page and full paged listing ----
    log(`filling a folder with ${FOLDER_OBJECTS} objects`);
    const fill = await timed(async () => {
      let next = 0;
      const worker = async () => {
        for (;;) {
          const start = next;
          next += 1000;
          if (start >= FOLDER_OBJECTS) return;
          const files = [];
          for (let i = start; i < Math.min(start + 1000, FOLDER_OBJECTS); i++) files.push({ path: `folder/file-${String(i).padStart(7, '0')}.txt`, body: Buffer.from(`object ${i}\n`) });
          await client.uploadObjects(pkg.packageID, files);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
    const firstPageRuns: number[] = [];
    for (let i = 0; i < 11; i++) {
      const run = await timed(() => client.listByPath({ packageID: pkg.packageID, path: 'folder/', isPrefix: true, noRecursive: true, maxKeys: 1000 }));
      if (run.value.objects.length !== 1000) throw new Error(`first page had ${run.value.objects.length} entries`);
      firstPageRuns.push(run.ms);
    }
    // Three full listings: their median time, and the node's CPU for each (what a sync rescan of this folder costs it).
    const fullRuns: number[] = [];
    const fullCpuMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const cpuBefore = cpuSeconds(child.pid!);
      const fullListing = await timed(async () => {
        let count = 0;
        for await (const page of client.listAllByPath({ packageID: pkg.packageID, path: 'folder/', noRecursive: true, maxKeys: 1000 })) count += page.objects.length;
        return count;
      });
      fullCpuMs.push((cpuSeconds(child.pid!) - cpuBefore) * 1000);
      if (fullListing.value !== FOLDER_OBJECTS) throw new Error(`full listing returned ${fullListing.value} of ${FOLDER_OBJECTS}`);
      fullRuns.push(fullListing.ms);
    }
    const fullListing = { ms: median(fullRuns) };
    log(`first page ${round(median(firstPageRuns), 2)} ms, full listing ${round(fullListing.ms)} ms (median of 3; node CPU ${fullCpuMs.map((ms) => round(ms)).join(' / ')} ms)`);

    clearInterval(sampler);
    rssMax = Math.max(rssMax, peakRssMb(child.pid!));
    const uploadMBs = mbPerSecond(bigBytes, upload.ms);
    const downloadMBs = mbPerSecond(bigBytes, download.ms);
    const shaMBs = mbPerSecond(bigBytes, shaMs);
    const cpMBs = mbPerSecond(bigBytes, cpMs);
    const summary = {
      bench: 'storage-node',
      bigObjectMiB: BIG_MB,
      cpMBps: round(cpMBs),
      sha256sumMBps: round(shaMBs),
      uploadMBps: round(uploadMBs),
      uploadVsSha256sum: round(uploadMBs / shaMBs, 2),
      nodeIngestWithCurlMBps: curlMBs === undefined ? null : round(curlMBs),
      nodeIngestWithCurlVsSha256sum: curlMBs === undefined ? null : round(curlMBs / shaMBs, 2),
      downloadMBps: round(downloadMBs),
      downloadVsCp: round(downloadMBs / cpMBs, 2),
      smallFiles: SMALL_FILES,
      smallFilesPerSecond: round(smallFilesPerSecond),
      smallFilesPerRequest: perRequest,
      nodeCpuMsPerSmallFile: round(nodeCpuMsPerSmallFile, 3),
      folderObjects: FOLDER_OBJECTS,
      folderFillSeconds: round(fill.ms / 1000),
      listFirstPageMs: round(median(firstPageRuns), 2),
      listFullMs: round(fullListing.ms),
      listFullNodeCpuMs: round(median(fullCpuMs)),
      nodePeakRssMB: round(rssMax),
      rssSamples,
      targets: {
        uploadVsSha256sum: '>= 1.0',
        downloadVsCp: '>= 0.5',
        smallFilesPerSecond: '>= 5000',
        listFirstPageMs: '<= 50',
        nodePeakRssMB: '<= 200',
      },
      met: {
        upload: uploadMBs / shaMBs >= 1.0,
        download: downloadMBs / cpMBs >= 0.5,
        smallFiles: smallFilesPerSecond >= 5000,
        firstPage: median(firstPageRuns) <= 50,
        rss: rssMax <= 200,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    clearInterval(sampler);
    client.close();
    await stopProcess(child);
    await rm(work, { recursive: true, force: true });
  }
}

/** User + system CPU time a process has used so far (Linux /proc; NaN elsewhere). */
function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
