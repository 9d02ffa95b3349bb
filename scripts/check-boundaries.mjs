#!/usr/bin/env node
// Enforces the layer rules of the architecture (see README "Architecture"):
// - only src-main/app/ and src-preload/ may import electron;
// - src-shared imports nothing but itself and pure libraries (no node: builtins);
// - src-renderer imports only src-shared, itself and browser libraries (no node: builtins, no src-main).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const importRe = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) yield full;
  }
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const m of text.matchAll(importRe)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return found;
}

const isElectron = (s) => s === 'electron' || s.startsWith('electron/');
const isNodeBuiltin = (s) => s.startsWith('node:');
const problems = [];

for (const top of ['src-main', 'src-preload', 'src-shared', 'src-renderer']) {
  for (const file of sourceFiles(join(root, top))) {
    const rel = relative(root, file).split(sep).join('/');
    for (const spec of importsOf(file)) {
      const electronAllowed = rel.startsWith('src-main/app/') || rel.startsWith('src-preload/');
      if (isElectron(spec) && !electronAllowed) problems.push(`${rel}: imports '${spec}' (only src-main/app/ and src-preload/ may)`);
      if (rel.startsWith('src-shared/')) {
        if (isNodeBuiltin(spec)) problems.push(`${rel}: imports '${spec}' (src-shared has no IO)`);
        if (spec.includes('src-main') || spec.includes('src-renderer') || spec.includes('src-preload')) problems.push(`${rel}: imports '${spec}' (src-shared depends on nothing of ours)`);
      }
      if (rel.startsWith('src-renderer/')) {
        if (isNodeBuiltin(spec)) problems.push(`${rel}: imports '${spec}' (the renderer has no Node APIs)`);
        if (spec.includes('src-main') || spec.includes('src-preload')) problems.push(`${rel}: imports '${spec}' (the renderer reaches main only through its Transport)`);
      }
    }
  }
}

if (problems.length) {
  console.error('Layer boundary violations:\n' + problems.map((p) => '  ' + p).join('\n'));
  process.exit(1);
}
console.log('boundaries ok');
