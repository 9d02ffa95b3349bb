/**
 * `add`: files and folders in, CIDs out, over the node's blob store. File
 * bytes are stored as ordinary blobs (content-addressed by sha256, so content
 * the node already holds costs no second copy) and recorded with their CID;
 * the DAG is not stored, since it is recomputed from the bytes.
 *
 * Crash safety is the upload path's (commit-blobs.ts): temp files synced,
 * blobs queued for collection and put in place, then one transaction records
 * the files, folders and pins. Result lines are written only after that
 * commit, so a CID the caller is told about is stored; progress lines may
 * come earlier.
 */
import { discard } from '../blobs/blob-store';
import { RESPONDED } from '../http/route';
import { commitBlobs } from '../routes/commit-blobs';
import { parseAddOptions } from './add-options';
import { planAdd } from './add-tree';
import { receiveAdd } from './add-receiver';
import type { KuboCommand } from './kubo-command';
import { startNdjson, writeLine } from './kubo-response';

export const addCommand: KuboCommand = {
  path: 'add',
  body: 'multipart',
  async handle({ req, res, query, ipfs }) {
    const options = parseAddOptions(query);
    const { node } = ipfs;
    const received = await receiveAdd(req, {
      store: options.onlyHash ? undefined : node.store,
      onProgress: options.progress ? (name, bytes) => writeLine(res, { Name: name, Bytes: bytes }) : undefined,
    });
    const blobs = received.files.flatMap((f) => (f.blob ? [f.blob] : []));
    let plan;
    try {
      plan = planAdd(received, options.wrapWithDirectory);
    } catch (error) {
      await Promise.all(blobs.map((b) => discard(b.tempPath)));
      throw error;
    }
    if (!options.onlyHash) {
      const record = { ...plan.record, pins: options.pin ? plan.roots : [] };
      await commitBlobs(node, blobs, () => ipfs.catalog.recordAdd(record, node.now()));
    }
    startNdjson(res);
    for (const entry of plan.results) writeLine(res, { Name: entry.name, Hash: entry.cid, Size: String(entry.dagSize) });
    res.end();
    return RESPONDED;
  },
};
