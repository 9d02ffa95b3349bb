/**
 * The contract's handlers: one plain function per operation, `(deps, input) =>
 * output`, over the core services. Transports never call services directly;
 * they go through `dispatch`, which validates the input first.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { OperationName, OperationOutput, ParsedInput } from '@shared/contract/operations';
import type { CoreDeps } from './core-deps';
import type { DesktopIntegration } from './desktop-integration';
import { listDirectory } from './fs-browse';
import { dragOut } from './transfers/drag-out';
import { createShareLink } from './share/share-links';

function desktopOnly(deps: CoreDeps): DesktopIntegration {
  if (!deps.desktop) throw new AppError(AppErrorCode.Unsupported, 'this needs the desktop app (headless mode uses the browser for files)');
  return deps.desktop;
}

export type Handler<N extends OperationName> = (deps: CoreDeps, input: ParsedInput<N>) => OperationOutput<N> | Promise<OperationOutput<N>>;
export type HandlerTable = { [N in OperationName]: Handler<N> };

export const handlers: HandlerTable = {
  'share.createLink': (deps, input) => createShareLink(deps.connections, input),
  'sizes.watch': (deps, { viewId, connectionId, root, prefixes }) => ({ known: deps.sizes.watch(viewId, connectionId, root, prefixes) }),
  'sizes.unwatch': (deps, { viewId }) => {
    deps.sizes.unwatch(viewId);
    return null;
  },
  'sizes.usage': (deps, { connectionId, root }) => deps.sizes.usage(connectionId, root),
  'app.info': (deps) => ({ ...deps.info, embeddedNode: deps.embeddedNode.status }),

  'settings.get': (deps) => deps.settings.get(),
  'settings.update': (deps, change) => deps.settings.update(change),

  'connections.list': (deps) => deps.connections.list(),
  'connections.add': (deps, draft) => deps.connections.add(draft),
  'connections.update': (deps, change) => deps.connections.update(change),
  'connections.remove': (deps, { id }) => {
    deps.connections.remove(id);
    deps.spaces.appJobs.forget(id);
    return null;
  },
  'connections.test': async (deps, input) => {
    const temporary = 'draft' in input;
    const provider = temporary ? deps.connections.draftProvider(input.draft, input.reuseSecretOf) : deps.connections.provider(input.id);
    const started = performance.now();
    try {
      const { roots } = await provider.probe(AbortSignal.timeout(15_000));
      return { roots, latencyMs: Math.round(performance.now() - started) };
    } finally {
      if (temporary) provider.close();
    }
  },

  'roots.list': (deps, { connectionId, parentId }) => deps.storage.listRoots(connectionId, parentId),
  'roots.get': (deps, { connectionId, rootId }) => deps.storage.getRoot(connectionId, rootId),
  'roots.create': (deps, { connectionId, parentId, name }) => deps.storage.createRoot(connectionId, parentId, name),
  'roots.delete': async (deps, { connectionId, rootId }) => {
    await deps.storage.deleteRoot(connectionId, rootId);
    return null;
  },

  'objects.list': (deps, { connectionId, root, prefix, continuationToken, maxKeys, sort, filter, offset }) => deps.storage.listFolder(connectionId, root, prefix, continuationToken, maxKeys, { sort, filter, offset }),
  'objects.usage': (deps, { connectionId }) => deps.storage.usage(connectionId),
  'objects.summarize': (deps, { connectionId, root, targets }) => deps.objectOps.summarize(connectionId, root, targets),
  'objects.delete': (deps, { connectionId, operationId, root, targets }) => deps.objectOps.delete({ connectionId, operationId, root }, targets),
  'objects.rename': (deps, { connectionId, operationId, root, target, newName }) => deps.objectOps.rename({ connectionId, operationId, root }, target, newName),
  'objects.transfer': (deps, { connectionId, operationId, mode, root, targets, targetRoot, targetFolder, conflict, decisions }) =>
    deps.objectOps.transfer({ connectionId, operationId, root }, mode, targets, targetRoot, targetFolder, conflict, decisions),
  'search.page': (deps, input) => deps.search.page(input),
  'search.cancel': (deps, { searchId }) => {
    deps.search.cancel(searchId);
    return null;
  },
  'operations.cancel': (deps, { operationId }) => {
    deps.objectOps.cancel(operationId);
    return null;
  },

  'transfers.list': (deps, { offset, limit }) => deps.transfers.engine.list(offset, limit),
  'transfers.totals': (deps) => deps.transfers.engine.totals(),
  'transfers.uploadPaths': (deps, { connectionId, root, targetFolder, paths, conflict }) => deps.transfers.uploadPaths({ connectionId, root, targetFolder, conflict }, paths),
  'transfers.uploadBrowserFiles': (deps, { connectionId, root, targetFolder, files, conflict }) => deps.transfers.uploadBrowserFiles({ connectionId, root, targetFolder, conflict }, files),
  'transfers.download': (deps, { connectionId, root, targets, localFolder, conflict }) => deps.transfers.download({ connectionId, root, targets, localFolder, conflict }),
  'transfers.downloadFolderZip': (deps, input) => deps.transfers.downloadFolderZip(input),
  'transfers.control': (deps, { action, ids }) => ({ affected: deps.transfers.control(action, ids) }),
  'transfers.clearFinished': (deps) => {
    const removed = deps.transfers.engine.store.clearFinished();
    deps.transfers.engine.jobsAdded();
    return { removed };
  },
  'transfers.conflicts': (deps, { limit }) => deps.transfers.conflicts(limit),
  'transfers.batches': (deps, { offset, limit }) => deps.transfers.engine.batches(offset, limit),
  'transfers.batchJobs': (deps, { batchId, offset, limit }) => deps.transfers.engine.batchJobs(batchId, offset, limit),
  'transfers.batchControl': (deps, { batchId, action }) => ({ affected: deps.transfers.batchControl(batchId, action) }),
  'sync.list': (deps) => deps.sync.list(),
  'sync.create': (deps, { startPaused, ...config }) => deps.sync.create(config, startPaused ?? false),
  'sync.update': (deps, { id, ...change }) => deps.sync.update(id, change),
  'sync.delete': async (deps, { id }) => {
    await deps.sync.delete(id);
    return null;
  },
  'sync.preview': (deps, { id }) => deps.sync.preview(id),
  'sync.runNow': (deps, { id }) => {
    deps.sync.runNow(id);
    return null;
  },
  'sync.pause': async (deps, { id }) => {
    await deps.sync.pause(id);
    return null;
  },
  'sync.resume': (deps, { id }) => {
    deps.sync.resume(id);
    return null;
  },
  'sync.revert': (deps, { id }) => {
    deps.sync.revert(id);
    return null;
  },
  'sync.confirmDeletions': (deps, { id }) => {
    deps.sync.runNow(id, true);
    return null;
  },
  'sync.log': (deps, { id, limit, beforeId }) => deps.sync.log(id, limit, beforeId),
  'sync.conflicts': (deps, { id }) => deps.sync.conflicts(id),
  'sync.trash': (deps, { id }) => deps.sync.trash(id),
  'sync.restore': (deps, { id, entries }) => deps.sync.restore(id, entries),
  'sync.resolveConflicts': (deps, { id, choice, conflicts }) => deps.sync.resolveConflicts(id, choice, conflicts),
  'sync.conflictFolder': (deps, { id, conflictId }) => deps.sync.conflictFolder(id, conflictId, deps.desktop?.revealPath?.bind(deps.desktop)),
  'sync.restoreDeleted': (deps, { id }) => {
    deps.sync.restoreDeleted(id);
    return null;
  },
  'fs.listDir': (_deps, { path }) => listDirectory(path),
  'publish.settings.get': (deps) => deps.publishSettings.view(),
  'publish.settings.update': (deps, change) => deps.publishSettings.update(change),
  'publish.account.create': (deps) => deps.publishSettings.createAccount(),
  'publish.account.import': (deps, { mnemonic }) => deps.publishSettings.importAccount(mnemonic),
  'publish.account.export': async (deps, { path }) => {
    await deps.publishSettings.exportAccount(path);
    return null;
  },
  'publish.account.remove': (deps) => deps.publishSettings.removeAccount(),
  'publish.test': (deps, { endpoint }) => deps.publishing.test(endpoint),
  'publish.start': async (deps, { connectionId, root, targets }) => ({ jobs: await deps.publishing.start(connectionId, root, targets) }),
  'publish.startLocal': async (deps, { paths }) => ({ jobs: await deps.publishing.startLocal(paths) }),
  'publish.list': (deps, input) => deps.publishing.list(input),
  'publish.get': (deps, { id }) => deps.publishing.get(id),
  'publish.badges': (deps, { connectionId, root }) => deps.publishing.badges(connectionId, root),
  'publish.control': async (deps, { action, ids }) => ({ affected: await deps.publishing.control(action, ids) }),
  'publish.registry': (deps, { studyId }) => deps.publishing.registry(studyId),
  'spaces.list': (deps, { connectionId }) => deps.spaces.list(connectionId),
  'spaces.create': (deps, { connectionId, name, config, workingDir }) => deps.spaces.create(connectionId, name, config, workingDir),
  'spaces.update': (deps, { connectionId, id, name, accessKeyId, secretAccessKey }) => deps.spaces.update(connectionId, id, name, { accessKeyId, secretAccessKey }),
  'spaces.delete': async (deps, { connectionId, id }) => {
    await deps.spaces.delete(connectionId, id);
    return null;
  },
  'spaces.test': (deps, { connectionId, config, workingDir }) => deps.spaces.test(connectionId, config, workingDir),
  'spaces.browse': (deps, { connectionId, id, path }) => deps.spaces.browse(connectionId, id, path),
  'spaces.import': (deps, { connectionId, spaceId, path, bucketRoot, name }) => deps.spaces.import(connectionId, spaceId, path, bucketRoot, name),
  'spaces.export': (deps, { connectionId, spaceId, packageRoot, rootPath }) => deps.spaces.export(connectionId, spaceId, packageRoot, rootPath),
  'spaces.jobs': (deps, { connectionId }) => deps.spaces.jobs(connectionId),
  'spaces.tasks.list': (deps, { connectionId }) => deps.spaces.tasks(connectionId),
  'spaces.tasks.create': (deps, { connectionId, ...draft }) => deps.spaces.createTask(connectionId, draft),
  'spaces.tasks.cancel': async (deps, { connectionId, taskId }) => {
    await deps.spaces.cancelTask(connectionId, taskId);
    return null;
  },
  'transfers.resolveConflict': (deps, { jobId, resolution, applyToAll }) => ({ resolved: deps.transfers.engine.resolveConflict(jobId, resolution, applyToAll) }),
  'transfers.proveBrowserFile': (deps, { jobId, digests }) => deps.transfers.proveBrowserFile(jobId, digests),
  'transfers.holdBrowserFiles': (deps, { jobIds }) => {
    deps.transfers.holdBrowserFiles(jobIds);
    return null;
  },
  'dialogs.open': async (deps, { kind }) => ({ paths: await desktopOnly(deps).openDialog(kind) }),
  'desktop.dragOut': async (deps, { connectionId, root, objects }) => {
    const desktop = desktopOnly(deps);
    if (objects.length === 0) throw new AppError(AppErrorCode.InvalidInput, 'nothing to drag');
    desktop.startDrag(await dragOut(deps.connections.provider(connectionId), root, objects, deps.settings.get().transfers.requireVerifiedDownloads));
    return null;
  },
};
