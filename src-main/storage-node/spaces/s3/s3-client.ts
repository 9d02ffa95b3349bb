/**
 * Checks an S3-family space's settings and makes its SDK client. The settings
 * are the ones that work across AWS, RGW, OBS, OSS, COS and MinIO (see
 * specs/user-spaces.md): path-style addresses, and checksums only where an
 * operation requires them (the SDK's default trailing checksums are refused by
 * most of them). Everything the SDK would otherwise read from the environment
 * or ~/.aws (endpoint overrides, FIPS, dual-stack, retries) is set here, so a
 * space behaves the same whatever machine the node runs on.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Credential, S3Storage } from '@shared/jcs/user-space-wire';
import { SpaceBackendError } from '../space-backend';

export const DEFAULT_REGION = 'us-east-1';
/** A connection that takes longer, or a socket idle this long, counts as unreachable. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface S3Target {
  client: S3Client;
  bucket: string;
  /** Where the bucket is, for messages: the endpoint, or AWS and its region. */
  where: string;
}

const badConfig = (message: string) => new SpaceBackendError('BadConfig', message);
// Control characters cannot travel in an HTTP header or a signed string.
const hasControl = (text: string) => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

function checkEndpoint(storage: S3Storage): string | undefined {
  const endpoint = storage.endpoint.trim();
  if (endpoint === '') {
    // Only AWS has a default address per region; the other vendors' hosts differ per account or product.
    if (storage.type === 'S3') return undefined;
    throw badConfig(`an endpoint is required for ${storage.type} storage (e.g. https://host:port)`);
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw badConfig(`the endpoint '${endpoint}' is not a URL (expected http(s)://host[:port])`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badConfig(`the endpoint '${endpoint}' must start with http:// or https://`);
  if (url.username !== '' || url.password !== '') throw badConfig(`the endpoint '${endpoint}' must not carry a user or password: the keys go in the credential`);
  // Bucket and key are appended to the address (path style); a path, query or fragment there would be signed and sent wrongly.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw badConfig(`the endpoint '${endpoint}' must be the service's address only (no path, query or fragment)`);
  return url.origin;
}

function checkRegion(region: string): string {
  const value = region.trim();
  if (value === '') return DEFAULT_REGION;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw badConfig(`the region '${region}' is not a region name (letters, digits, '-', '.', '_')`);
  return value;
}

function checkBucket(bucket: string): string {
  // Vendors differ on the finer rules (case, dots, length); what would break the path or the request is refused here.
  if (bucket === '' || bucket.length > 255 || /[/\\\s?#%]/.test(bucket) || hasControl(bucket)) {
    throw badConfig(`the bucket name '${bucket}' is not valid (one path segment, no spaces or '/?#%')`);
  }
  return bucket;
}

function checkCredential(credential: S3Credential): { accessKeyId: string; secretAccessKey: string } {
  const { accessKeyId, secretAccessKey } = credential;
  if (accessKeyId === '' || /\s/.test(accessKeyId) || hasControl(accessKeyId)) throw badConfig('the access key ID is empty or has spaces');
  if (secretAccessKey === '' || hasControl(secretAccessKey)) throw badConfig('the secret access key is empty or has control characters');
  return { accessKeyId, secretAccessKey };
}

/** Throws SpaceBackendError('BadConfig') naming what cannot work; makes no request. */
export function makeS3Target(storage: S3Storage, credential: S3Credential, timeoutMs = DEFAULT_TIMEOUT_MS): S3Target {
  const endpoint = checkEndpoint(storage);
  const region = checkRegion(storage.region);
  const bucket = checkBucket(storage.bucket);
  const credentials = checkCredential(credential);
  const client = new S3Client({
    region,
    endpoint,
    credentials,
    // Path-style addressing (`endpoint/bucket/key`) is what RGW, MinIO, OBS and COS take with a bare
    // endpoint; Aliyun OSS refuses it for buckets made since 2020 (SecondLevelDomainForbidden), so it
    // gets the bucket in the host name (`bucket.oss-cn-hangzhou.aliyuncs.com`).
    forcePathStyle: storage.type !== 'OSS',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // On AWS a bucket in another region answers 301: follow it, since '' means "the default region", not "this one".
    followRegionRedirects: endpoint === undefined,
    requestHandler: { connectionTimeout: timeoutMs, socketTimeout: timeoutMs },
    maxAttempts: 3,
    retryMode: 'standard',
    defaultsMode: 'standard',
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    useArnRegion: false,
    disableS3ExpressSessionAuth: true,
  });
  return { client, bucket, where: endpoint ?? `AWS S3 (${region})` };
}
