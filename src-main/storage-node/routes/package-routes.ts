import { packageCreateRequest, packageDeleteRequest } from '@shared/jcs/wire';
import { dataNotFound } from '../node-error';
import { parseJsonBody } from '../http/request-input';
import type { Route } from '../http/route';
import { wirePackage } from '../wire-format';
import { requireValidName } from './bucket-routes';

export const packageRoutes: Route[] = [
  {
    method: 'POST',
    path: '/package/create',
    body: 'json',
    handle({ body, node }) {
      const { bucketID, name } = parseJsonBody(body, packageCreateRequest);
      requireValidName('name', name);
      return { package: wirePackage(node.catalog.createPackage(bucketID, name, node.now())) };
    },
  },
  {
    method: 'GET',
    path: '/package/get',
    body: 'none',
    handle({ query, node }) {
      return { package: wirePackage(node.catalog.requirePackage(query.requiredId('packageID'))) };
    },
  },
  {
    method: 'GET',
    path: '/package/getByFullName',
    body: 'none',
    handle({ query, node }) {
      const bucketName = query.requiredString('bucketName');
      const packageName = query.requiredString('packageName');
      const row = node.catalog.packageByFullName(bucketName, packageName);
      if (!row) throw dataNotFound(`package '${bucketName}/${packageName}' not found`);
      return { package: wirePackage(row) };
    },
  },
  {
    method: 'GET',
    path: '/package/listBucketPackages',
    body: 'none',
    handle({ query, node }) {
      return { packages: node.catalog.listPackages(query.requiredId('bucketID')).map(wirePackage) };
    },
  },
  {
    method: 'POST',
    path: '/package/delete',
    body: 'json',
    async handle({ body, node }) {
      const { packageID } = parseJsonBody(body, packageDeleteRequest);
      await node.reserve.withReserveReleased('deleting a package', () => node.catalog.deletePackage(packageID));
      node.collector.schedule();
      return null;
    },
  },
];
