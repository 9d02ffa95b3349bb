/** §5 space sync tasks, plus our listTasks (specs/user-spaces.md). */
import { syncTaskCancelRequest, syncTaskCreateRequest } from '@shared/jcs/user-space-wire';
import { badArgument } from '../../node-error';
import { parseJsonBody } from '../../http/request-input';
import type { Route } from '../../http/route';
import { isWithin, requireSpacePath } from '../space-config';
import { wireTask } from '../sync/sync-task-store';

export const syncTaskRoutes: Route[] = [
  {
    method: 'POST',
    path: '/spaceSyncer/createTask',
    body: 'json',
    handle({ body, node }) {
      const config = parseJsonBody(body, syncTaskCreateRequest);
      const { spaces } = node.spaces;
      spaces.require(config.srcUserSpaceID);
      const srcPath = requireSpacePath('srcPath', config.srcPath, { allowRoot: true });
      const destPathes = config.destPathes.map((path, i) => requireSpacePath(`destPathes[${i}]`, path, { allowRoot: true }));
      config.destUserSpaceIDs.forEach((id, i) => {
        spaces.require(id);
        // A destination inside its source (or around it) would copy its own copies on every pass.
        if (id === config.srcUserSpaceID && (isWithin(destPathes[i]!, srcPath) || isWithin(srcPath, destPathes[i]!))) {
          throw badArgument(`destPathes[${i}]: '${destPathes[i]}' overlaps the source path '${srcPath}' in the same space`);
        }
      });
      for (const [i, filter] of config.filters.entries()) {
        if (filter.maxSize !== 0 && filter.maxSize < filter.minSize) throw badArgument(`filters[${i}]: maxSize ${filter.maxSize} is below minSize ${filter.minSize} (0 means no upper bound)`);
      }
      const task = node.spaces.tasks.create({ ...config, srcPath, destPathes }, node.now());
      node.spaces.syncer.added(task);
      return { task: wireTask(task) };
    },
  },
  {
    method: 'GET',
    path: '/spaceSyncer/getTask',
    body: 'none',
    handle({ query, node }) {
      return { task: wireTask(node.spaces.tasks.require(query.requiredId('taskID'))) };
    },
  },
  {
    method: 'GET',
    path: '/spaceSyncer/listTasks',
    body: 'none',
    handle({ node }) {
      return { tasks: node.spaces.tasks.list().map(wireTask) };
    },
  },
  {
    method: 'POST',
    path: '/spaceSyncer/cancelTask',
    body: 'json',
    handle({ body, node }) {
      const { taskID } = parseJsonBody(body, syncTaskCancelRequest);
      node.spaces.tasks.require(taskID);
      node.spaces.syncer.cancel(taskID);
      return null;
    },
  },
];
