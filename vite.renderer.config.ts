/**
 * The renderer's build, shared by electron-vite (desktop) and `npm run
 * build:renderer` (headless mode serves the same files). The page's CSP is
 * written into index.html at build time; the dev server gets a looser one
 * (Vite's HMR client needs inline scripts and a WebSocket).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export const PRODUCTION_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const DEV_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: http://localhost:*";

function contentSecurityPolicy(): Plugin {
  let policy = PRODUCTION_CSP;
  return {
    name: 'jcs-content-security-policy',
    configResolved(config) {
      if (config.command === 'serve') policy = DEV_CSP;
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
