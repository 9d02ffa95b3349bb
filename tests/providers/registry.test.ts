/**
 * The registry of connection kinds: the form a kind's dialog shows matches
 * the schemas main validates with, settings are checked at the boundary
 * (secrets never quoted back), and a JCS connection — a saved one, or the
 * embedded node whose endpoint is only known at run time — becomes a working
 * provider against a real storage node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { ProviderErrorCode } from '../../src-main/providers/provider-errors';
import { createProvider, providerKind, providerKinds } from '../../src-main/providers/registry';
import { JCS_CONNECTION_FORM, jcsConfigSchema, jcsSecretsSchema } from '../../src-shared/providers/jcs-config';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { providerError } from './provider-test-kit';

let node: TestNode;

beforeAll(async () => {
  node = await startTestNode();
});

afterAll(async () => {
  await node?.dispose();
});

describe('kinds and their forms', () => {
  it("offers JCS, whose form lists exactly its schemas' fields, the secret key as the only secret", () => {
    expect(providerKinds()[0]!.kind).toBe('jcs');
    const jcs = providerKind('jcs');
    expect(jcs.secretFields).toEqual(['secretKey']);
    expect(jcs.configSchema).toBe(jcsConfigSchema);
    expect(jcs.secretsSchema).toBe(jcsSecretsSchema);
    const fields = JCS_CONNECTION_FORM.fields;
    expect(fields.filter((f) => f.input !== 'secret').map((f) => f.name)).toEqual(Object.keys(jcsConfigSchema.shape));
    expect(fields.filter((f) => f.input === 'secret').map((f) => f.name)).toEqual(Object.keys(jcsSecretsSchema.shape));
    expect(fields.filter((f) => f.required).map((f) => f.name)).toEqual(['baseUrl']);
    // The renderer builds its form from these: they must hold nothing it cannot import.
    expect(jcsConfigSchema).toBeInstanceOf(z.ZodObject);
  });

  it('refuses a kind it does not know', async () => {
    await providerError(Promise.resolve().then(() => providerKind('s3')), ProviderErrorCode.InvalidInput);
    await providerError(Promise.resolve().then(() => createProvider('memory', {}, {})), ProviderErrorCode.InvalidInput);
  });
});

describe('creating a JCS provider', () => {
  const create = (config: unknown, secrets: unknown) => Promise.resolve().then(() => createProvider('jcs', config, secrets));

  it('refuses settings that are malformed, unknown or half a key pair, naming the field', async () => {
    expect((await providerError(create({ baseUrl: 'ftp://host' }, {}), ProviderErrorCode.InvalidInput)).message).toContain('config.baseUrl');
    expect((await providerError(create({ baseUrl: 'http://h/?q=1' }, {}), ProviderErrorCode.InvalidInput)).message).toContain('config.baseUrl');
    expect((await providerError(create({ baseUrl: node.node.url, extra: 1 }, {}), ProviderErrorCode.InvalidInput)).message).toContain('extra');
    expect((await providerError(create({ baseUrl: node.node.url, accessKey: 'AK' }, {}), ProviderErrorCode.InvalidInput)).message).toMatch(/^secretKey: /);
    expect((await providerError(create({ baseUrl: node.node.url }, { secretKey: 'sk' }), ProviderErrorCode.InvalidInput)).message).toMatch(/^accessKey: /);
    expect((await providerError(create({ baseUrl: node.node.url, accessKey: '   ' }, { secretKey: 'sk' }), ProviderErrorCode.InvalidInput)).message).toMatch(/^accessKey: /);
  });

  it('never quotes a secret back in its message', async () => {
    const secret = 'S3CRET-' + 'x'.repeat(600);
    const error = await providerError(create({ baseUrl: node.node.url, accessKey: 'AK' }, { secretKey: secret }), ProviderErrorCode.InvalidInput);
    expect(error.message).toContain('secretKey');
    expect(error.message).not.toContain('S3CRET');
  });

  it('makes a provider that works with the resolved endpoint and keys (the embedded node is created this way at run time)', async () => {
    const provider = createProvider('jcs', { baseUrl: node.node.url + '/', accessKey: node.credentials!.accessKey }, { secretKey: node.credentials!.secretKey });
    try {
      expect(provider).toBeInstanceOf(JcsProvider);
      expect(provider.kind).toBe('jcs');
      expect(await provider.probe()).toEqual({ roots: (await node.client.listBuckets()).length });
    } finally {
      provider.close();
    }
    const unsigned = createProvider('jcs', { baseUrl: node.node.url }, {});
    try {
      await providerError(unsigned.probe(), ProviderErrorCode.Unauthorized);
    } finally {
      unsigned.close();
    }
  });
});
