/** The desktop transport: the preload's named functions over Electron IPC. */
import type { PreloadApi } from '@shared/contract/preload-api';
import { parsePayload, unwrapResult, type Transport } from './transport';

export function createIpcTransport(api: PreloadApi): Transport {
  return {
    host: {
      nativePaths: true,
      pathForFile: (file) => api.pathForFile?.(file) || undefined,
      dragOut: true,
    },
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
