/**
 * The File Storage API V2.1 (seed 002) as typed calls. Every endpoint has two
 * route forms in the seed (`POST /file/upload` or `PUT /file/`...); the
 * client speaks the first by default and the other when told (`routes:
 * 'rest'`), so both are exercised against servers that implement only one.
 */
import type { IncomingMessage } from 'node:http';
import { FsHttp, failureOf, type FsHttpOptions, type FsRequest } from './fs-http';
import { wireFileSchema, wireListSchema, wireStatSchema, wireUploadSchema, type WireFile, type WireOrderBy, type WireStat } from './fs-wire';

export type RouteForm = 'rpc' | 'rest';

export interface FsClientOptions extends FsHttpOptions {
  routes?: RouteForm;
}

export interface WireListQuery {
  offset: number;
  limit: number;
  orderBy?: WireOrderBy;
  order?: 'asc' | 'desc';
  name?: string;
  maintype?: string;
}

export class FsClient {
  readonly http: FsHttp;
  private readonly form: RouteForm;

  constructor(options: FsClientOptions) {
    this.http = new FsHttp(options);
    this.form = options.routes ?? 'rpc';
  }

  list(query: WireListQuery, signal?: AbortSignal): Promise<{ files: WireFile[]; total: number }> {
    const path = this.form === 'rpc' ? '/file/list' : '/file/';
    return this.http.json({ method: 'GET', path, route: `GET ${path}`, query: { ...query }, signal }, wireListSchema);
  }

  async upload(body: NonNullable<FsRequest['body']>, signal?: AbortSignal): Promise<WireFile[]> {
    const request: FsRequest = this.form === 'rpc' ? { method: 'POST', path: '/file/upload', route: 'POST /file/upload', body, signal } : { method: 'PUT', path: '/file/', route: 'PUT /file/', body, signal };
    return (await this.http.json(request, wireUploadSchema)).files;
  }

  /** The deleted file; a file that is not there is `DataNotFound`. */
  delete(id: string, signal?: AbortSignal): Promise<WireFile> {
    const request: FsRequest =
      this.form === 'rpc'
        ? { method: 'POST', path: '/file/del', route: 'POST /file/del', json: { id }, signal }
        : { method: 'DELETE', path: `/file/${encodeURIComponent(id)}`, route: 'DELETE /file/:id', signal };
    return this.http.json(request, wireFileSchema, 'file');
  }

  rename(id: string, name: string, signal?: AbortSignal): Promise<WireFile> {
    const request: FsRequest =
      this.form === 'rpc'
        ? { method: 'POST', path: '/file/update', route: 'POST /file/update', json: { id, name }, signal }
        : { method: 'POST', path: `/file/${encodeURIComponent(id)}`, route: 'POST /file/:id', json: { name }, signal };
    return this.http.json(request, wireFileSchema, 'file');
  }

  /** The download's response head: 200 with the body, or 304 when the conditional headers matched. Other answers are errors. */
  async download(id: string, conditions: { etag?: string; lastModified?: string }, signal?: AbortSignal): Promise<IncomingMessage> {
    const headers: Record<string, string> = { accept: '*/*' };
    if (conditions.etag) headers['if-none-match'] = conditions.etag;
    if (conditions.lastModified) headers['if-modified-since'] = conditions.lastModified;
    const route = 'GET /file/:id';
    const res = await this.http.send({ method: 'GET', path: `/file/${encodeURIComponent(id)}`, route, headers, signal });
    const status = res.statusCode ?? 0;
    if (status === 200 || status === 304) return res;
    throw await failureOf(res, route, 'file');
  }

  /** `size` in the seed's forms: 'N', 'N,N', '0,N'. */
  async thumbnail(id: string, size: string, signal?: AbortSignal): Promise<IncomingMessage> {
    const [path, route] = this.form === 'rpc' ? [`/file/thumbnail/${encodeURIComponent(id)}.jpeg`, 'GET /file/thumbnail/:id.jpeg'] : [`/file/${encodeURIComponent(id)}/thumbnail.jpeg`, 'GET /file/:id/thumbnail.jpeg'];
    const res = await this.http.send({ method: 'GET', path, route, query: { size }, headers: { accept: 'image/jpeg' }, signal });
    if (res.statusCode === 200) return res;
    throw await failureOf(res, route, 'file');
  }

  stat(scope: 'service' | 'self', signal?: AbortSignal): Promise<WireStat> {
    const path = scope === 'service' ? '/file/stat' : '/file/stat/self';
    return this.http.json({ method: 'GET', path, route: `GET ${path}`, signal }, wireStatSchema);
  }

  close(): void {
    this.http.close();
  }
}
