/**
 * The File Storage fixture against the seed: every endpoint in both of its
 * route forms, each answer validated by the zod schema made from the seed's
 * examples, conditional requests, every thumbnail size form with the real
 * dimensions sharp reads back, and each switch for the spec page's open
 * points. Plain fetch: this is the server, not the client, under test.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_OWNER,
  errorResponseSchema,
  fileResponseSchema,
  listResponseSchema,
  makeTestImage,
  startFileStorageServer,
  statResponseSchema,
  uploadResponseSchema,
  type FileInfo,
  type FileStorageServer,
} from '../../fixtures/file-storage';

function form(files: Array<[string, Buffer | string, string?]>): FormData {
  const body = new FormData();
  for (const [name, content, type] of files) body.append('files', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], type ? { type } : {}), name);
  return body;
}

async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

describe('File Storage fixture: every endpoint, both route forms, answers as the seed shows them', () => {
  let server: FileStorageServer;
  let image: FileInfo;
  let text: FileInfo;
  beforeAll(async () => {
    server = await startFileStorageServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('uploads one or many files per request (POST /file/upload and PUT /file/), typed by their MIME type', async () => {
    const one = uploadResponseSchema.parse(await json(await fetch(`${server.url}/file/upload`, { method: 'POST', body: form([['photo.jpg', await makeTestImage(640, 480), 'image/jpeg']]) })));
    expect(one.files).toHaveLength(1);
    image = one.files[0]!;
    expect(image).toMatchObject({ name: 'photo.jpg', maintype: 'image', subtype: 'jpeg', owner: DEFAULT_OWNER });
    const many = uploadResponseSchema.parse(await json(await fetch(`${server.url}/file/`, { method: 'PUT', body: form([['notes.txt', 'hello'], ['song.mp3', Buffer.alloc(300, 1), 'audio/mpeg'], ['名字 with space.txt', 'x']]) })));
    expect(many.files.map((f) => [f.name, f.maintype, f.size])).toEqual([
      ['notes.txt', 'text', 5],
      ['song.mp3', 'audio', 300],
      ['名字 with space.txt', 'text', 1],
    ]);
    text = many.files[0]!;
    const wrongKey = new FormData();
    wrongKey.append('file', new Blob(['x']), 'x.txt');
    const refused = await fetch(`${server.url}/file/upload`, { method: 'POST', body: wrongKey });
    expect(refused.status).toBe(400);
    errorResponseSchema.parse(await refused.json());
  });

  it('lists with offset, limit, orderBy, order, q and the field filters (GET /file/list and GET /file/)', async () => {
    for (const route of ['/file/list', '/file/']) {
      const all = listResponseSchema.parse(await json(await fetch(`${server.url}${route}?limit=100&orderBy=name`)));
      expect(all.total).toBe(4);
      expect(all.files.map((f) => f.name)).toEqual(['notes.txt', 'photo.jpg', 'song.mp3', '名字 with space.txt']);
      const page = listResponseSchema.parse(await json(await fetch(`${server.url}${route}?offset=1&limit=2&orderBy=size&order=desc`)));
      expect(page.files.map((f) => f.name)).toEqual(['song.mp3', 'notes.txt']);
      expect(page.total).toBe(4);
      const images = listResponseSchema.parse(await json(await fetch(`${server.url}${route}?q=maintype==image`)));
      expect(images.files.map((f) => f.name)).toEqual(['photo.jpg']);
      const byFields = listResponseSchema.parse(await json(await fetch(`${server.url}${route}?maintype=text&subtype=plain&owner=${DEFAULT_OWNER}&name=NOTES`)));
      expect(byFields.files.map((f) => f.name)).toEqual(['notes.txt']);
      const byEtag = listResponseSchema.parse(await json(await fetch(`${server.url}${route}?etag=${image.etag}`)));
      expect(byEtag.files.map((f) => f.id)).toEqual([image.id]);
    }
    // The seed's own example, typo and all (maxResult10 is not a parameter: refused as unknown).
    const example = await fetch(`${server.url}/file/list?offset=0&maxResult10&orderBy=name&q=maintype==image`);
    expect(example.status).toBe(400);
    expect((await fetch(`${server.url}/file/list?orderBy=colour`)).status).toBe(400);
    expect((await fetch(`${server.url}/file/list?q=nonsense`)).status).toBe(400);
  });

  it('downloads by id (with or without an extension) and by /:maintype/:name, with ETag = id and Last-Modified = created; 304 on a match', async () => {
    for (const path of [`/file/${image.id}`, `/file/${image.id}.jpeg`, `/file/${image.id}/`, '/image/photo.jpg']) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('etag')).toBe(image.id);
      expect(response.headers.get('last-modified')).toBe(new Date(image.created).toUTCString());
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(Number(response.headers.get('content-length'))).toBe(image.size);
      expect((await response.arrayBuffer()).byteLength).toBe(image.size);
    }
    await server.requests.settled();
    const sent = server.requests.count();
    expect((await fetch(`${server.url}/file/${image.id}`, { headers: { 'if-none-match': image.id } })).status).toBe(304);
    expect((await fetch(`${server.url}/file/${image.id}`, { headers: { 'if-none-match': `"${image.id}"` } })).status).toBe(304);
    expect((await fetch(`${server.url}/file/${image.id}`, { headers: { 'if-modified-since': new Date(image.created + 1000).toUTCString() } })).status).toBe(304);
    expect((await fetch(`${server.url}/file/${image.id}`, { headers: { 'if-modified-since': new Date(image.created - 5000).toUTCString() } })).status).toBe(200);
    expect((await fetch(`${server.url}/file/${image.id}`, { headers: { 'if-none-match': 'other' } })).status).toBe(200);
    await server.requests.settled();
    const conditional = server.requests.entries.slice(sent);
    expect(conditional.map((r) => r.bodyBytes)).toEqual([0, 0, 0, image.size, image.size]);
    expect((await fetch(`${server.url}/file/0123456789abcdef01234567`)).status).toBe(404);
    expect((await fetch(`${server.url}/audio/photo.jpg`)).status).toBe(404);
  });

  it('makes JPEG thumbnails in every size form of the seed, in both route forms, with ETag = the file etag', async () => {
    const cases: Array<[string | undefined, number, number]> = [
      [undefined, 640, 480], // default 750: short side ≤ 750, not enlarged
      ['172', 229, 172], // short side ≤ 172
      ['172,172', 172, 172], // exact, cropped
      ['0,172', 172, 129], // long side ≤ 172
      ['172,0', 172, 129],
    ];
    for (const [size, width, height] of cases) {
      for (const path of [`/file/thumbnail/${image.id}.jpeg`, `/file/${image.id}/thumbnail.jpeg`, `/file/thumbnail/${image.id}`]) {
        const response = await fetch(`${server.url}${path}${size ? `?size=${size}` : ''}`);
        expect(response.status, `${path} ${size}`).toBe(200);
        expect(response.headers.get('content-type')).toBe('image/jpeg');
        expect(response.headers.get('etag')).toBe(image.etag);
        const body = Buffer.from(await response.arrayBuffer());
        expect(Number(response.headers.get('content-length'))).toBe(body.length);
        const meta = await sharp(body).metadata();
        expect([meta.format, meta.width, meta.height], `${path} ${size}`).toEqual(['jpeg', width, height]);
      }
    }
    expect((await fetch(`${server.url}/file/${image.id}/thumbnail.jpeg?size=100`, { headers: { 'if-none-match': image.etag } })).status).toBe(304);
    expect((await fetch(`${server.url}/file/${image.id}/thumbnail.jpeg?size=0,0`)).status).toBe(400);
    expect((await fetch(`${server.url}/file/${image.id}/thumbnail.jpeg?size=big`)).status).toBe(400);
    expect((await fetch(`${server.url}/file/${text.id}/thumbnail.jpeg`)).status).toBe(400);
  });

  it('reports statistics for everyone and for the caller', async () => {
    await server.seed([{ name: 'other.mp4', content: Buffer.alloc(1000), owner: '5b95f3a1c0ffee0000000099' }]);
    const all = statResponseSchema.parse(await json(await fetch(`${server.url}/file/stat`)));
    const self = statResponseSchema.parse(await json(await fetch(`${server.url}/file/stat/self`)));
    expect(all.count).toEqual({ total: 5, images: 1, audio: 1, video: 1 });
    expect(all.size.video).toBe(1000);
    expect(self.count).toEqual({ total: 4, images: 1, audio: 1, video: 0 });
    expect(self.size.total).toBe(image.size + 5 + 300 + 1);
  });

  it('renames (POST /file/update and POST /file/:id) and deletes (POST /file/del and DELETE /file/:id), answering the file', async () => {
    const renamed = fileResponseSchema.parse(await json(await fetch(`${server.url}/file/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: text.id, name: 'renamed.txt' }) })));
    expect(renamed).toMatchObject({ id: text.id, name: 'renamed.txt' });
    expect(renamed.updated).toBeGreaterThan(text.updated);
    const again = fileResponseSchema.parse(await json(await fetch(`${server.url}/file/${text.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'again.txt' }) })));
    expect(again.name).toBe('again.txt');
    const deleted = fileResponseSchema.parse(await json(await fetch(`${server.url}/file/del`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: text.id }) })));
    expect(deleted.id).toBe(text.id);
    fileResponseSchema.parse(await json(await fetch(`${server.url}/file/${image.id}`, { method: 'DELETE' })));
    expect((await fetch(`${server.url}/file/${image.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.url}/file/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'nope' }) })).status).toBe(400);
    await server.requests.settled();
    expect(server.requests.byRoute()).toMatchObject({ 'POST /file/update': 2, 'POST /file/:id': 1, 'POST /file/del': 1, 'DELETE /file/:id': 2 });
  });
});

describe('File Storage fixture switches', () => {
  const servers: FileStorageServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const start = async (options: Parameters<typeof startFileStorageServer>[0]) => {
    const server = await startFileStorageServer(options);
    servers.push(server);
    await server.seed(['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.txt` })));
    return server;
  };

  it('token: 401 without the right bearer token', async () => {
    const server = await start({ token: 's3cret' });
    expect((await fetch(`${server.url}/file/list`)).status).toBe(401);
    expect((await fetch(`${server.url}/file/list`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/file/list`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
  });

  it('offset: an item offset, a page index from 0, or from 1', async () => {
    const names = async (server: FileStorageServer, offset: number) => listResponseSchema.parse(await (await fetch(`${server.url}/file/list?orderBy=name&limit=2&offset=${offset}`)).json()).files.map((f) => f.name);
    expect(await names(await start({ offsetMode: 'item' }), 1)).toEqual(['b.txt', 'c.txt']);
    expect(await names(await start({ offsetMode: 'page0' }), 1)).toEqual(['c.txt', 'd.txt']);
    expect(await names(await start({ offsetMode: 'page1' }), 1)).toEqual(['a.txt', 'b.txt']);
  });

  it('name filter: exact or substring; name order: bytes or collation', async () => {
    const exact = await start({ nameFilter: 'exact', nameOrder: 'locale' });
    await exact.seed([{ name: 'B.txt' }]);
    const list = async (server: FileStorageServer, query: string) => listResponseSchema.parse(await (await fetch(`${server.url}/file/list?limit=100&${query}`)).json()).files.map((f) => f.name);
    expect(await list(exact, 'name=a')).toEqual([]);
    expect(await list(exact, 'name=a.txt')).toEqual(['a.txt']);
    expect(await list(exact, 'orderBy=name')).toEqual(['a.txt', 'b.txt', 'B.txt', 'c.txt', 'd.txt', 'e.txt']);
    const substring = await start({});
    await substring.seed([{ name: 'B.txt' }]);
    expect(await list(substring, 'name=b')).toEqual(['b.txt', 'B.txt']);
    expect(await list(substring, 'orderBy=name')).toEqual(['B.txt', 'a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    // Byte order, not UTF-16 order: U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80), though its UTF-16 unit FF21 is above D83D.
    await substring.seed([{ name: '\u{1F600}.txt' }, { name: '\uFF21.txt' }]);
    expect((await list(substring, 'orderBy=name')).slice(-2)).toEqual(['\uFF21.txt', '\u{1F600}.txt']);
  });

  it('error bodies: JSON, plain text, or an HTML page; or a proxy answering HTML to everything', async () => {
    const missing = '/file/0123456789abcdef01234567';
    const asJson = await fetch((await start({})).url + missing);
    expect(errorResponseSchema.parse(await asJson.json()).code).toBe('NotFound');
    const asText = await fetch((await start({ errorBody: 'text' })).url + missing);
    expect(asText.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await asText.text()).toMatch(/no file with id/);
    const asHtml = await fetch((await start({ errorBody: 'html' })).url + missing);
    expect([asHtml.status, asHtml.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    const proxy = await fetch((await start({ htmlProxy: true })).url + '/file/list');
    expect([proxy.status, proxy.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
  });

  it('maxFileSize: a file over the limit is refused and nothing of it is kept; the files before it in the request stay whole', async () => {
    const server = await start({ maxFileSize: 1000 });
    const before = server.store.files.size;
    const response = await fetch(`${server.url}/file/upload`, { method: 'POST', body: form([['small.txt', 'fits'], ['big.bin', Buffer.alloc(5000, 1)]]) });
    expect(response.status).toBe(413);
    expect([...server.store.files.values()].slice(before).map((f) => [f.name, f.size])).toEqual([['small.txt', 4]]);
  });

  it('fault: cuts a download after some bytes; a failing status', async () => {
    const server = await start({});
    const [big] = await server.seed([{ name: 'big.bin', content: Buffer.alloc(256 * 1024, 7) }]);
    server.fault = (context) => (context.route === 'GET /file/:id' && context.fileId === big!.id ? { cutAfterBytes: 1000 } : undefined);
    const response = await fetch(`${server.url}/file/${big!.id}`);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    server.fault = () => ({ status: 503, message: 'maintenance' });
    expect((await fetch(`${server.url}/file/stat`)).status).toBe(503);
    server.fault = null;
  });
});
