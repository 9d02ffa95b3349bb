import type { BrowseLocation } from '../../stores/browser-store';

/** A place inside a root that holds content: the browser's location once such a root is open. */
export type ContentLocation = BrowseLocation & { root: string };
