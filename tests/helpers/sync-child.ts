/**
 * A core in a process of its own, for crash tests that SIGKILL it mid-run:
 *   node --import tsx tests/helpers/sync-child.ts <dataDir> <localDir>
 * Slows transfers down (one file at a time, CRASH_BANDWIDTH_KIBPS), puts
 * CRASH_REMOTE_FILES on its embedded node, creates a twoWay task between them
 * and starts its first run, prints {taskId, packageId} as one JSON
 * line, and keeps running until it is killed.
 */
import { callOk, embeddedClient } from './core';
import { CRASH_BANDWIDTH_KIBPS, CRASH_REMOTE_FILES, createTask, makePackage, openSyncCore, putRemote, taskConfig } from './sync';

const [dataDir, localDir] = process.argv.slice(2);
if (!dataDir || !localDir) {
  console.error('usage: sync-child.ts <dataDir> <localDir>');
  process.exit(2);
}
const core = await openSyncCore(dataDir);
await callOk(core, 'settings.update', { transfers: { maxConcurrentFiles: 1, maxConcurrentParts: 2, bandwidthLimitKiBps: CRASH_BANDWIDTH_KIBPS, multipartThresholdMiB: 8 } });
const target = await makePackage(core, 'crash');
await putRemote(embeddedClient(core), target.packageId, CRASH_REMOTE_FILES);
const task = await createTask(core, taskConfig(target, localDir, { direction: 'twoWay' }));
await callOk(core, 'sync.runNow', { id: task.id });
process.stdout.write(`${JSON.stringify({ taskId: task.id, packageId: target.packageId })}\n`);
setInterval(() => undefined, 60_000);
