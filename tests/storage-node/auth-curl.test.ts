/**
 * An independent SigV4 implementation (curl's --aws-sigv4) against the node:
 * our verifier must accept a signer it has never seen, for JSON bodies (payload
 * hashed) and for a multi-file upload (UNSIGNED-PAYLOAD), and refuse a wrong
 * secret. Skipped where curl is not installed (.ci/run installs it).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/storage-node';

const hasCurl = spawnSync('curl', ['--version']).status === 0;

describe.skipIf(!hasCurl)('SigV4 from an independent signer (curl --aws-sigv4)', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(async () => {
    await t.dispose();
  });

  // Asynchronously: the node under test runs in this process and must keep answering.
  const curl = async (secret: string, args: string[]) => {
    const result = await promisify(execFile)('curl', ['-s', '--aws-sigv4', 'aws:amz:any:jcs', '--user', `${t.credentials!.accessKey}:${secret}`, '-w', '\n%{http_code}', ...args], { encoding: 'utf8' });
    const lines = result.stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: JSON.parse(lines.join('\n')) as { code: string; data: unknown } };
  };

  it('accepts signed JSON requests and a signed multi-file upload; refuses a wrong secret', async () => {
    const secret = t.credentials!.secretKey;
    const bucket = await curl(secret, ['-X', 'POST', `${t.node.url}/v1/bucket/create`, '-H', 'content-type: application/json', '-d', '{"name":"curl-bucket"}']);
    expect(bucket).toMatchObject({ status: 200, body: { code: 'OK' } });
    const { bucketID } = (bucket.body.data as { bucket: { bucketID: number } }).bucket;
    const pkg = await curl(secret, ['-X', 'POST', `${t.node.url}/v1/package/create`, '-H', 'content-type: application/json', '-d', JSON.stringify({ bucketID, name: 'p' })]);
    const { packageID } = (pkg.body.data as { package: { packageID: number } }).package;
    const file = join(t.dataDir, 'curl-upload.txt');
    writeFileSync(file, 'signed by curl');
    const upload = await curl(secret, ['-H', 'x-amz-content-sha256: UNSIGNED-PAYLOAD', '-F', `info={"packageID":${packageID}}`, '-F', `files=@${file};filename=a%2Fb.txt`, `${t.node.url}/v1/object/upload`]);
    expect(upload).toMatchObject({ status: 200, body: { code: 'OK', data: { uploadeds: [{ path: 'a/b.txt', size: '14' }] } } });
    // Written in canonical order: curl before 8.1 signs the query as written instead of sorting it as SigV4 says.
    const listed = await curl(secret, [`${t.node.url}/v1/object/listByPath?isPrefix=true&packageID=${packageID}&path=a%2F`]);
    expect(listed.body).toMatchObject({ code: 'OK', data: { objects: [{ path: 'a/b.txt' }] } });
    expect(await curl('wrong-secret', [`${t.node.url}/v1/bucket/listAll`])).toMatchObject({ status: 401, body: { code: 'Unauthorized' } });
  });
});
