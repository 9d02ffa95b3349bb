/**
 * A transfer engine in a process of its own, for crash tests that SIGKILL it
 * in the middle of a download:
 *   node --import tsx tests/helpers/download-child.ts <dataDir> <serviceUrl> <localDir> <objectPath>
 * Opens the app database in <dataDir>, adds a JCS connection to <serviceUrl>
 * (a node, or a proxy in front of it, with a bucket 'transfers' holding a
 * package 'files'), downloads <objectPath> from it into <localDir> slowly
 * (CHILD_BANDWIDTH_KIBPS, two ranges of 1 MiB at a time), prints
 * {"jobId": …} as one JSON line and then {"units": n} each time the number of
 * recorded ranges changes, and keeps running until it is killed.
 */
import { mkdirSync } from 'node:fs';
import { openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import { TransferEngine } from '../../src-main/core/transfers/transfer-engine';
import { TransferService } from '../../src-main/core/transfers/transfer-service';
import { TransferStore } from '../../src-main/core/transfers/transfer-store';
import { jcsDraft, storageNodeScript } from './core';
import { TEST_RETRY, TEST_SETTINGS, packageRoot } from './transfers';

export const CHILD_BANDWIDTH_KIBPS = 4096;

const [dataDir, serviceUrl, localDir, objectPath] = process.argv.slice(2);
if (!dataDir || !serviceUrl || !localDir || !objectPath) {
  console.error('usage: download-child.ts <dataDir> <serviceUrl> <localDir> <objectPath>');
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const db = openAppDatabase(dataDir);
const events = new EventBus();
const connections = new ConnectionService(db, new FileKeySecretBox(dataDir), events, new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: () => {} }));
const settings = new SettingsService(db, events);
settings.update({ transfers: { ...TEST_SETTINGS, maxConcurrentParts: 2, multipartThresholdMiB: 1, bandwidthLimitKiBps: CHILD_BANDWIDTH_KIBPS } });
const connectionId = connections.add(jcsDraft('crash child', serviceUrl)).id;
const provider = connections.provider(connectionId);
const root = await packageRoot((parentId) => provider.listRoots(parentId), 'transfers', 'files');
const entry = await provider.stat(root, objectPath);
if (!entry) throw new Error(`nothing at ${objectPath}`);
const store = new TransferStore(db);
const engine = new TransferEngine({ store, connections, events, settings: () => settings.get().transfers, retry: TEST_RETRY, log: () => {} });
engine.start();
await new TransferService(engine, connections, settings).download({
  connectionId,
  root,
  targets: [{ type: 'object', path: entry.path, ...(entry.ref === undefined ? {} : { ref: entry.ref }), size: entry.size }],
  localFolder: localDir,
  conflict: 'ask',
});
const jobId = store.page(0, 10).rows[0]!.id;
process.stdout.write(`${JSON.stringify({ jobId })}\n`);
let reported = -1;
setInterval(() => {
  const units = store.units(jobId).length;
  if (units !== reported) process.stdout.write(`${JSON.stringify({ units })}\n`);
  reported = units;
}, 10);
