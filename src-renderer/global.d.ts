import type { PreloadApi } from '@shared/contract/preload-api';

declare global {
  interface Window {
    /** Present in the desktop app only (the preload's API). */
    jcs?: PreloadApi;
  }
}
