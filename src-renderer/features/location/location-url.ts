/**
 * The current place in the address (its fragment), so a reload or a copied
 * link lands in the same place: `#/files?conn=…&root=…&root=…&folder=…&view=…`
 * (one `root` per level opened, outermost first), or `#/sync`, `#/spaces`,
 * `#/crust`. The fragment never reaches a server, and works the same in the
 * desktop window and in a browser.
 *
 * What an address says is read as untrusted input: each value is checked
 * (known page, a connection that exists here, no more levels than the
 * connection has, a well-formed folder, a known view), and what fails is
 * dropped for the nearest sane place, with a problem to tell the user. Pure,
 * unit-tested in Node.
 */
import type { AppPage } from '../../stores/app-store';
import type { BrowseLocation, ViewMode } from '../../stores/browser-store';

export type LocationProblem =
  | { kind: 'page'; value: string }
  | { kind: 'connection' }
  | { kind: 'levels'; connectionId: string }
  | { kind: 'root'; connectionId: string }
  | { kind: 'folder' }
  | { kind: 'view'; value: string };

export interface AddressedPlace {
  page: AppPage;
  location: BrowseLocation | null;
  /** The view the address asks for (null: none, or not a known one). */
  view: ViewMode | null;
  problems: LocationProblem[];
}

/** What the reader needs to know of a connection: that it exists, and how many levels of roots it has. */
export interface KnownConnection {
  id: string;
  levels: number;
}

const PAGES: readonly AppPage[] = ['files', 'sync', 'spaces', 'crust'];
/** As the contract takes them (connectionIdSchema, rootIdSchema). */
const MAX_CONNECTION_ID = 64;
const MAX_ROOT_ID = 200;
const MAX_FOLDER = 1024;
/** An address longer than this is not read at all (nothing legitimate comes near it). */
const MAX_FRAGMENT = 8192;

/** The fragment for a place (with its leading '#'). */
export function formatLocationHash(page: AppPage, location: BrowseLocation | null, view: ViewMode | null): string {
  if (page !== 'files') return `#/${page}`;
  if (!location) return '#/files';
  const query = new URLSearchParams({ conn: location.connectionId });
  for (const root of location.trail) query.append('root', root);
  if (location.root !== null && location.prefix) query.set('folder', location.prefix);
  if (view && view !== 'list') query.set('view', view);
  return `#/files?${query.toString()}`;
}

/** Reads a fragment against the connections here; an empty one is no place at all (null). */
export function readLocationHash(hash: string, connections: readonly KnownConnection[]): AddressedPlace | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || raw === '/') return null;
  const problems: LocationProblem[] = [];
  if (raw.length > MAX_FRAGMENT) return { page: 'files', location: null, view: null, problems: [{ kind: 'page', value: `${raw.slice(0, 40)}…` }] };
  const queryAt = raw.indexOf('?');
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1));
  } catch {
    query = new URLSearchParams();
  }
  const pageName = safeDecode(path.replace(/^\//, ''));
  const page = PAGES.find((p) => p === pageName);
  if (!page) return { page: 'files', location: null, view: null, problems: [{ kind: 'page', value: clip(pageName ?? path) }] };
  if (page !== 'files') return { page, location: null, view: null, problems };

  const viewValue = query.get('view');
  let view: ViewMode | null = null;
  if (viewValue === 'list' || viewValue === 'grid') view = viewValue;
  else if (viewValue !== null) problems.push({ kind: 'view', value: clip(viewValue) });

  const connectionId = query.get('conn');
  if (connectionId === null) return { page, location: null, view: null, problems };
  const connection = connectionId.length <= MAX_CONNECTION_ID ? connections.find((c) => c.id === connectionId) : undefined;
  if (!connection) return { page, location: null, view: null, problems: [...problems, { kind: 'connection' }] };

  let trail = query.getAll('root');
  if (trail.some((id) => id.length === 0 || id.length > MAX_ROOT_ID || hasControl(id))) {
    problems.push({ kind: 'root', connectionId: connection.id });
    trail = [];
  } else if (trail.length > connection.levels) {
    problems.push({ kind: 'levels', connectionId: connection.id });
    trail = [];
  }
  const root = trail.length === connection.levels ? trail[trail.length - 1]! : null;
  const folder = query.get('folder') ?? '';
  let prefix = '';
  if (folder !== '') {
    if (root === null || !isFolderPrefix(folder)) problems.push({ kind: 'folder' });
    else prefix = folder;
  }
  return { page, location: { connectionId: connection.id, trail, root, prefix }, view, problems };
}

/** '' or 'a/b/': no empty, '.' or '..' segment, no control character, not too long. */
export function isFolderPrefix(prefix: string): boolean {
  if (prefix === '') return true;
  if (prefix.length > MAX_FOLDER || !prefix.endsWith('/') || hasControl(prefix)) return false;
  return prefix
    .slice(0, -1)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return /[\u0000-\u001f\u007f]/.test(text);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A value quoted back to the user: short, and printable. */
function clip(text: string): string {
  // eslint-disable-next-line no-control-regex -- shown to the user: control characters become spaces
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
