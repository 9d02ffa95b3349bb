/**
 * No service id reaches a user: the JCS adapter takes bucket, package and
 * object ids out of what a service says (src-main/providers/jcs/jcs-message.ts).
 * The wording rules alone, then what the adapter reports when a real storage
 * node on loopback is asked about a package and an object deleted meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../src-main/core/errors/to-app-error';
import { toProviderError } from '../../src-main/providers/jcs/jcs-error-map';
import { JcsError } from '../../src-main/providers/jcs/jcs-errors';
import { withoutIds } from '../../src-main/providers/jcs/jcs-message';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { ProviderError, ProviderErrorCode } from '../../src-main/providers/provider-errors';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { providerError, textBody, uniqueName } from './provider-test-kit';

const ID_IN_TEXT = /\b(bucket|package|object|user)\s*(id)?\s*[#:=]?\s*\d+\b/i;

describe('withoutIds', () => {
  it.each([
    ['package 2 not found', 'the package does not exist (any more)'],
    ['object 422 not found', 'the object does not exist (any more)'],
    ['Bucket 7 not found.', 'the bucket does not exist (any more)'],
    ['the package does not exist (packageID 2)', 'the package does not exist'],
    ["object 'a/b.txt' not found in package 12", "object 'a/b.txt' not found in this package"],
    ["an object already exists at 'x' in this package (packageID 3)", "an object already exists at 'x' in this package"],
    ['packageID 5: no such package', 'this package: no such package'],
    ['the user space does not exist (userSpaceID 3)', 'the user space does not exist'],
    ['userSpace 3 not found', 'the user space does not exist (any more)'],
    ['the job does not exist (jobID 12)', 'the job does not exist'],
    ['the space sync task does not exist (taskID 4)', 'the space sync task does not exist'],
  ])('%s → %s', (given, said) => {
    expect(withoutIds(given)).toBe(said);
  });

  it('leaves names, paths and other numbers alone', () => {
    expect(withoutIds("package 'photos/2024' not found")).toBe("package 'photos/2024' not found");
    expect(withoutIds('part 3 of 10 is missing')).toBe('part 3 of 10 is missing');
    expect(withoutIds("object '2024 package 9.txt' moved")).toBe("object '2024 this package.txt' moved");
  });

  it('is applied to every refusal leaving the adapter, code and service code kept', () => {
    const mapped = toProviderError(new JcsError('DataNotFound', 'package 2 not found', 404, 'getPackage'));
    expect(mapped).toBeInstanceOf(ProviderError);
    expect((mapped as ProviderError).code).toBe(ProviderErrorCode.DataNotFound);
    expect((mapped as ProviderError).serviceCode).toBe('DataNotFound');
    expect(toAppError(mapped).message).toBe('the package does not exist (any more)');
  });
});

describe('a real node, things deleted meanwhile', () => {
  let node: TestNode;
  let provider: JcsProvider;
  let bucket: string;

  beforeAll(async () => {
    node = await startTestNode({ credentials: null });
    provider = new JcsProvider({ baseUrl: node.node.url });
    bucket = (await provider.createRoot(null, uniqueName('gone'))).id;
  });
  afterAll(async () => {
    provider?.close();
    await node?.dispose();
  });

  it('a deleted package: every refusal is DataNotFound and names no id', async () => {
    const pkg = (await provider.createRoot(bucket, uniqueName('pkg'))).id;
    await provider.put(pkg, [{ path: 'a.txt', body: textBody('a') }]);
    await provider.deleteRoot(pkg);
    const notFound = ProviderErrorCode.DataNotFound;
    const failures = [
      await providerError(provider.listFolder(pkg, ''), notFound),
      await providerError(provider.getRoot(pkg), notFound),
      await providerError(provider.put(pkg, [{ path: 'b.txt', body: textBody('b') }]), notFound),
    ];
    for (const failure of failures) expect(failure.message).not.toMatch(ID_IN_TEXT);
  });
});
