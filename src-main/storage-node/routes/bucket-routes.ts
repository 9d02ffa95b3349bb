import { entityNameProblem } from '@shared/jcs/names';
import { bucketCreateRequest, bucketDeleteRequest } from '@shared/jcs/wire';
import { badArgument, dataNotFound } from '../node-error';
import { parseJsonBody } from '../http/request-input';
import type { Route } from '../http/route';
import { wireBucket } from '../wire-format';

export function requireValidName(field: string, name: string): void {
  const problem = entityNameProblem(name);
  if (problem) throw badArgument(`${field}: ${problem}`);
}

export const bucketRoutes: Route[] = [
  {
    method: 'POST',
    path: '/bucket/create',
    body: 'json',
    handle({ body, node }) {
      const { name } = parseJsonBody(body, bucketCreateRequest);
      requireValidName('name', name);
      return { bucket: wireBucket(node.catalog.createBucket(name, node.now())) };
    },
  },
  {
    method: 'GET',
    path: '/bucket/getByName',
    body: 'none',
    handle({ query, node }) {
      const name = query.requiredString('name');
      const row = node.catalog.bucketByName(name);
      if (!row) throw dataNotFound(`bucket '${name}' not found`);
      return { bucket: wireBucket(row) };
    },
  },
  {
    method: 'GET',
    path: '/bucket/listAll',
    body: 'none',
    handle({ node }) {
      return { buckets: node.catalog.listBuckets().map(wireBucket) };
    },
  },
  {
    method: 'POST',
    path: '/bucket/delete',
    body: 'json',
    async handle({ body, node }) {
      const { bucketID } = parseJsonBody(body, bucketDeleteRequest);
      await node.reserve.withReserveReleased('deleting a bucket', () => node.catalog.deleteBucket(bucketID));
      node.collector.schedule();
      return null;
    },
  },
];
