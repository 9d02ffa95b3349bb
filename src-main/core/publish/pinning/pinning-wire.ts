/**
 * The IPFS Pinning Service API v1.0.0 answers as this client reads them.
 * `requestid` is the spec's spelling; Crust's older docs (and some services)
 * say `requestId`: either is accepted, both at once only when they agree.
 */
import { z } from 'zod';

export type PinState = 'queued' | 'pinning' | 'pinned' | 'failed';
export const PIN_STATES: readonly PinState[] = ['queued', 'pinning', 'pinned', 'failed'];

export interface PinStatus {
  requestId: string;
  status: PinState;
  /** RFC 3339, as the service sent it (it is also the paging cursor `before`). */
  created: string;
  cid: string;
  name?: string;
  info?: Record<string, string>;
  delegates: string[];
}

const pinSchema = z.object({
  cid: z.string().min(1),
  name: z.string().max(255).optional(),
  origins: z.array(z.string()).optional(),
  meta: z.record(z.string(), z.string()).optional(),
});

// RFC 3339 date-time (section 5.6): a time zone is required.
const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/, 'created must be an RFC 3339 date-time');

const pinStatusWire = z
  .object({
    requestid: z.string().min(1).optional(),
    requestId: z.string().min(1).optional(),
    status: z.enum(['queued', 'pinning', 'pinned', 'failed']),
    created: rfc3339,
    pin: pinSchema,
    delegates: z.array(z.string()),
    info: z.record(z.string(), z.string()).optional(),
  })
  .refine((value) => value.requestid !== undefined || value.requestId !== undefined, { message: 'requestid is missing', path: ['requestid'] })
  .refine((value) => value.requestid === undefined || value.requestId === undefined || value.requestid === value.requestId, { message: 'requestid and requestId disagree', path: ['requestid'] });

export const pinStatusSchema = pinStatusWire.transform(
  (wire): PinStatus => ({
    requestId: (wire.requestid ?? wire.requestId)!,
    status: wire.status,
    created: wire.created,
    cid: wire.pin.cid,
    ...(wire.pin.name !== undefined ? { name: wire.pin.name } : {}),
    ...(wire.info !== undefined ? { info: wire.info } : {}),
    delegates: wire.delegates,
  }),
);

export const pinResultsSchema = z.object({ count: z.number().int().nonnegative(), results: z.array(pinStatusSchema) });
