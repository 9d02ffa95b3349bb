/** The desktop transport: the preload's named functions over Electron IPC. */
import type { PreloadApi } from '@shared/contract/preload-api';
import { THUMBNAIL_SCHEME, thumbnailQuery } from '@shared/thumbnails/thumbnail-request';
import { PREVIEW_SCHEME, previewQuery } from '@shared/preview/preview-request';
import { parsePayload, unwrapResult, type Transport } from './transport';

export function createIpcTransport(api: PreloadApi): Transport {
  return {
    host: {
      nativePaths: true,
      pathForFile: (file) => api.pathForFile?.(file) || undefined,
      dragOut: true,
    },
    // The app's privileged scheme, served by main (src-main/app/thumbnail-protocol.ts).
    thumbnailUrl: (request) => `${THUMBNAIL_SCHEME}://thumbnail/?${thumbnailQuery(request)}`,
    previewUrl: (request) => `${PREVIEW_SCHEME}://preview/?${previewQuery(request)}`,
    async call(name, input) {
      return unwrapResult(name, await api.operations[name](input));
    },
    subscribe(name, listener) {
      return api.subscribe(name, (raw) => {
        const payload = parsePayload(name, raw);
        if (payload !== undefined) listener(payload);
      });
    },
    onConnectionChange() {
      return () => {}; // IPC does not drop
    },
  };
}
