// createS3Backend refuses settings that cannot work, before any request, with
// BadConfig naming what is wrong; and takes the defaults the spec gives.
import { describe, expect, it } from 'vitest';
import type { S3Credential, S3Storage } from '../../../src-shared/jcs/user-space-wire';
import { createS3Backend } from '../../../src-main/storage-node/spaces/s3/s3-backend';

const storage = (patch: Partial<S3Storage> = {}): S3Storage => ({ type: 'S3', region: '', endpoint: 'http://127.0.0.1:9000', bucket: 'photos', ...patch });
const credential = (patch: Partial<S3Credential> = {}): S3Credential => ({ type: 'S3', accessKeyId: 'AKID', secretAccessKey: 'secret', ...patch });

describe('S3 space settings', () => {
  it.each([
    [storage({ endpoint: 'ftp://host' }), credential(), /must start with http:\/\/ or https:\/\//],
    [storage({ endpoint: 'not a url' }), credential(), /is not a URL/],
    [storage({ endpoint: 'https://user:pw@host' }), credential(), /must not carry a user or password/],
    [storage({ endpoint: 'https://host/prefix' }), credential(), /no path, query or fragment/],
    [storage({ endpoint: 'https://host?x=1' }), credential(), /no path, query or fragment/],
    [storage({ type: 'OBS', endpoint: '' }), credential(), /an endpoint is required for OBS storage/],
    [storage({ type: 'COS', endpoint: '  ' }), credential(), /an endpoint is required for COS storage/],
    [storage({ bucket: '' }), credential(), /the bucket name '' is not valid/],
    [storage({ bucket: 'a/b' }), credential(), /the bucket name 'a\/b' is not valid/],
    [storage({ bucket: 'a b' }), credential(), /is not valid/],
    [storage({ region: 'us east' }), credential(), /the region 'us east' is not a region name/],
    [storage(), credential({ accessKeyId: '' }), /the access key ID is empty/],
    [storage(), credential({ secretAccessKey: '' }), /the secret access key is empty/],
    [storage(), credential({ secretAccessKey: 'a\nb' }), /control characters/],
  ])('refuses %o with %o', (badStorage, badCredential, message) => {
    expect(() => createS3Backend(badStorage, badCredential)).toThrow(expect.objectContaining({ name: 'SpaceBackendError', code: 'BadConfig', message: expect.stringMatching(message) as unknown }) as unknown);
  });

  it("accepts an AWS space with no endpoint (the region's default) and an empty region (us-east-1), sending nothing", () => {
    const space = createS3Backend(storage({ endpoint: '', region: '' }), credential());
    expect(space.where).toBe('AWS S3 (us-east-1)');
    space.close();
    const other = createS3Backend(storage({ type: 'OSS', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com/', region: 'oss-cn-hangzhou' }), credential({ type: 'OSS' }));
    expect(other.where).toBe('https://oss-cn-hangzhou.aliyuncs.com');
    other.close();
  });

  it('refuses tuning a test could get wrong (a part below S3’s 5 MiB minimum)', () => {
    expect(() => createS3Backend(storage(), credential(), { partSize: 1024 })).toThrow(/partSize must be a whole number of at least 5242880/);
  });
});
