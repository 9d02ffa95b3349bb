/**
 * `npm run screenshots`: renders the README's screenshots (resources/*.png)
 * from the real UI in headless mode, with the same Chromium and fixtures as
 * the end-to-end tests. Not part of `npm test`: it checks nothing, it draws.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'tests/screenshots',
  testMatch: '*.shots.ts',
  workers: 1,
  timeout: 120_000,
});
