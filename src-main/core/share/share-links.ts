/**
 * Share links: a download link for one object of a JCS storage node, signed
 * here in main with the connection's key pair as a SigV4 presigned URL. Only
 * the finished URL leaves main; the secret key never does. The node accepts
 * such a URL for a GET/HEAD of that object only, until it expires.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ShareLink } from '@shared/contract/share';
import { objectPathProblem } from '@shared/jcs/object-path';
import { encodeRfc3986 } from '../../common/sigv4';
import { presignExpiry, presignUrl } from '../../common/sigv4-presign';
import { parseServiceUrl } from '../../providers/provider-http';
import type { ConnectionService } from '../connections/connection-service';

export interface ShareLinkRequest {
  connectionId: string;
  root: string;
  path: string;
  expiresSeconds: number;
}

const PACKAGE_ROOT = /^p([1-9][0-9]{0,15})$/;

export function createShareLink(connections: Pick<ConnectionService, 'jcsSigning'>, request: ShareLinkRequest, now = new Date()): ShareLink {
  const packageId = PACKAGE_ROOT.exec(request.root)?.[1];
  if (!packageId) throw new AppError(AppErrorCode.InvalidInput, `root: '${request.root}' is not a package; share links name an object in a package`);
  const problem = objectPathProblem(request.path);
  if (problem) throw new AppError(AppErrorCode.InvalidInput, `path: ${problem}`);
  const signing = connections.jcsSigning(request.connectionId);
  if (!signing) throw new AppError(AppErrorCode.Unsupported, 'share links need a JCS storage node connection with an access key and a secret key');
  const base = parseServiceUrl(signing.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  // By package and path, so the link names the file the user chose; the query is signed, so neither can be changed.
  const url = new URL(`${base.origin}${prefix}/v1/object/downloadByPath?packageID=${packageId}&path=${encodeRfc3986(request.path)}`);
  return {
    url: presignUrl({ method: 'GET', url, credentials: signing.credentials, expiresSeconds: request.expiresSeconds, now }),
    expiresAt: presignExpiry(now, request.expiresSeconds).toISOString(),
  };
}
