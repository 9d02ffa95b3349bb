/**
 * The seed's registry of published files: `POST /api/dicom/add` records
 * `{cid, size}` (size as a string, as the seed's table says) and
 * `GET /api/dicom/getByStudyId?studyId=` lists records. Both answer the
 * envelope `{timestamp, status, msg, data}`; `status` 200 (a number in the
 * examples, a string in the table: both read) is success, anything else
 * Refused with its `msg`. Records arrive as `file_cid`/`file_size` and are
 * handed out as `cid`/`size`.
 */
import { z } from 'zod';
import { snippet } from '../../../providers/provider-http';
import { PublishEndpointError } from '../publish-endpoint-error';
import { SeedHttp } from './seed-http';

export interface RegistryRecord {
  id: string | number;
  cid: string;
  size: number;
  studyId: string;
  status: unknown;
}

const envelopeStatus = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

function envelope<D extends z.ZodType>(data: D) {
  return z.object({ timestamp: z.string().optional(), status: envelopeStatus, msg: z.string().nullish(), data });
}

const byteCount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,16}$/).transform(Number)]);
const recordWire = z.object({ id: z.union([z.string(), z.number().int()]), file_cid: z.string().min(1), file_size: byteCount, studyId: z.string(), status: z.unknown() });

const addAnswer = envelope(z.unknown());
const listAnswer = envelope(z.array(recordWire).nullable());

export class RegistryClient {
  private readonly http: SeedHttp;

  constructor(options: { url: string; timeoutMs?: number }) {
    this.http = new SeedHttp(options.url, 'registry', options.timeoutMs ?? 30_000);
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  async add(record: { cid: string; size: number }, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!/^[A-Za-z0-9]{10,200}$/.test(record.cid)) throw new Error(`not a CID: '${record.cid}'`);
    if (!Number.isSafeInteger(record.size) || record.size < 0) throw new Error('a record size is a whole number of bytes');
    const answer = await this.http.json({ method: 'POST', path: '/api/dicom/add', json: { cid: record.cid, size: String(record.size) }, signal: options.signal }, addAnswer);
    this.requireSuccess(answer, `record ${record.cid}`);
  }

  async listByStudyId(studyId: string, options: { signal?: AbortSignal } = {}): Promise<RegistryRecord[]> {
    if (studyId.trim() === '') throw new Error('a study id is required');
    const answer = await this.http.json({ method: 'GET', path: '/api/dicom/getByStudyId', query: { studyId }, signal: options.signal }, listAnswer);
    this.requireSuccess(answer, `list the records of study ${studyId}`);
    return (answer.data ?? []).map((wire) => ({ id: wire.id, cid: wire.file_cid, size: wire.file_size, studyId: wire.studyId, status: wire.status }));
  }

  close(): void {
    this.http.close();
  }

  private requireSuccess(answer: { status: number; msg?: string | null }, what: string): void {
    if (answer.status === 200) return;
    throw new PublishEndpointError('Refused', this.endpoint, `registry at ${this.endpoint} refused to ${what} (status ${answer.status}${answer.msg ? `: ${snippet(answer.msg)}` : ''})`, answer.status >= 500, 200);
  }
}
