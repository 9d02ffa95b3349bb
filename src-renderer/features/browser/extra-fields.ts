/**
 * How the details panel shows the service fields an entry carries
 * (`extras`). The ones it knows get a label from the string tables, a test
 * id, and a copy button or a date format where that helps (JCS: fileHash,
 * redundancy, objectID, createTime; File Storage: id, maintype, subtype,
 * owner, created); any other shows under its own name.
 */
import type { TFunction } from 'i18next';

interface KnownExtra {
  /** i18n key of its label. */
  label: string;
  /** Its row's test id is `details-<id>`, its copy button's `copy-<id>`. */
  id: string;
  copy?: boolean;
  time?: boolean;
}

const KNOWN: Readonly<Record<string, KnownExtra>> = {
  fileHash: { label: 'browser.details.hash', id: 'hash', copy: true },
  redundancy: { label: 'browser.details.redundancy', id: 'redundancy' },
  objectID: { label: 'browser.details.objectId', id: 'object-id', copy: true },
  createTime: { label: 'common.created', id: 'created', time: true },
  id: { label: 'fileService.details.id', id: 'file-id', copy: true },
  maintype: { label: 'fileService.details.maintype', id: 'maintype' },
  subtype: { label: 'fileService.details.subtype', id: 'subtype' },
  owner: { label: 'fileService.details.owner', id: 'owner' },
  created: { label: 'common.created', id: 'created', time: true },
};

export interface ExtraRow {
  key: string;
  label: string;
  id: string;
  value: string;
  copy: boolean;
  time: boolean;
}

const kebab = (name: string) => name.replace(/[A-Z]+/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '');

/** The rows to show, the known ones first in their order. */
export function extraRows(extras: Readonly<Record<string, string | number | boolean>>, t: TFunction): ExtraRow[] {
  const known = Object.keys(KNOWN).filter((key) => key in extras);
  const others = Object.keys(extras)
    .filter((key) => !(key in KNOWN))
    .sort();
  return [...known, ...others].map((key) => {
    const spec = KNOWN[key];
    const value = String(extras[key]);
    return { key, label: spec ? t(spec.label) : key, id: spec?.id ?? kebab(key), value, copy: spec?.copy ?? false, time: spec?.time ?? false };
  });
}
