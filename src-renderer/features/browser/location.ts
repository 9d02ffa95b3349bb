import type { BrowseLocation } from '../../stores/browser-store';

/** A place inside a package: the browser's location once a package is open. */
export type PackageLocation = BrowseLocation & { bucketId: number; packageId: number };
