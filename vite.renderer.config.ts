/**
 * The renderer's build, shared by electron-vite (desktop) and `npm run
 * build:renderer` (headless mode serves the same files). The page's CSP
 * (src-shared/security/csp.ts, the one definition) is written into index.html
 * at build time; the dev server gets its looser variant (Vite's HMR client
 * needs inline scripts and a WebSocket).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { DEV_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './src-shared/security/csp.js';

const root = fileURLToPath(new URL('.', import.meta.url));

function contentSecurityPolicy(): Plugin {
  let policy = META_CONTENT_SECURITY_POLICY;
  return {
    name: 'jcs-content-security-policy',
    configResolved(config) {
      if (config.command === 'serve') policy = DEV_CONTENT_SECURITY_POLICY;
    },
    transformIndexHtml(html) {
      return html.replace('<!--csp-->', `<meta http-equiv="Content-Security-Policy" content="${policy}" />`);
    },
  };
}

export const rendererConfig: UserConfig = {
  root: `${root}src-renderer`,
  base: './', // relative URLs: the same build loads from file:// (desktop) and http:// (headless)
  plugins: [react(), contentSecurityPolicy()],
  resolve: { alias: { '@shared': `${root}src-shared` } },
  build: {
    outDir: `${root}out/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
};

export default rendererConfig;
