import { objectCloneRequest, objectDeleteRequest, objectMoveRequest, uploadInfoRequest } from '@shared/jcs/wire';
import { badArgument } from '../node-error';
import { receiveMultipart } from '../http/multipart';
import { parseJsonBody, parseValue } from '../http/request-input';
import type { Route } from '../http/route';
import { wireObject } from '../wire-format';
import { UploadSink } from '../blobs/upload-sink';
import { commitUploads, wholeFileContent } from './commit-blobs';
import { decodeUploadPath, requireObjectPath } from './path-input';

/** Files in one multi-file upload request. */
export const MAX_FILES_PER_UPLOAD = 10_000;

export const objectWriteRoutes: Route[] = [
  {
    method: 'POST',
    path: '/object/upload',
    body: 'stream',
    async handle({ req, node }) {
      const paths: string[] = [];
      const sinks: UploadSink[] = [];
      const { info, files } = await receiveMultipart(req, {
        parseInfo(value) {
          const info = parseValue(value, uploadInfoRequest, 'info');
          node.catalog.requirePackage(info.packageID);
          return info;
        },
        fileFieldNames: ['files'],
        openFile(_info, filename, index) {
          paths.push(decodeUploadPath(`files[${index}]`, filename));
          const sink = new UploadSink(() => node.store.newWriter());
          sinks.push(sink);
          return sink;
        },
        maxFiles: MAX_FILES_PER_UPLOAD,
      });
      try {
        if (files.length === 0) throw badArgument("files: the request has no 'files' part");
        const rows = await commitUploads(
          node,
          files.map((f) => f.blob),
          () => {
            const now = node.now();
            return node.catalog.putObjects(
              info.packageID,
              files.map((file, i) => ({ path: paths[i]!, content: wholeFileContent(file.blob) })),
              now,
            );
          },
        );
        return { uploadeds: rows.map(wireObject) };
      } finally {
        for (const sink of sinks) sink.release();
      }
    },
  },
  {
    method: 'POST',
    path: '/object/move',
    body: 'json',
    handle({ body, node }) {
      const { movings } = parseJsonBody(body, objectMoveRequest);
      movings.forEach((m, i) => requireObjectPath(`movings[${i}].path`, m.path));
      const successes: number[] = [];
      node.catalog.transaction(() => {
        for (const m of movings) if (node.catalog.moveObject(m.objectID, m.packageID, m.path).ok) successes.push(m.objectID);
      });
      return { successes };
    },
  },
  {
    method: 'POST',
    path: '/object/delete',
    body: 'json',
    async handle({ body, node }) {
      const { objectIDs } = parseJsonBody(body, objectDeleteRequest);
      await node.reserve.withReserveReleased('deleting objects', () => node.catalog.deleteObjects(objectIDs));
      for (const objectID of objectIDs) node.uploadHashes.forget(objectID);
      node.collector.schedule();
      return null;
    },
  },
  {
    method: 'POST',
    path: '/object/clone',
    body: 'json',
    handle({ body, node }) {
      const { clonings } = parseJsonBody(body, objectCloneRequest);
      clonings.forEach((c, i) => requireObjectPath(`clonings[${i}].newPath`, c.newPath));
      const now = node.now();
      const rows = node.catalog.transaction(() => clonings.map((c) => node.catalog.cloneObject(c.objectID, c.newPackageID, c.newPath, now)));
      node.collector.schedule();
      return { objects: rows.map(wireObject) };
    },
  },
];
