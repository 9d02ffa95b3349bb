/**
 * V8 flags the storage node's process is started with, wherever it is started
 * (the core's embedded node, `npm run storage-node`, the benchmarks and the
 * tests): they must be on the command line, as V8 sizes its heap when the
 * process starts and ignores a later `v8.setFlagsFromString`.
 *
 * `--max-semi-space-size=4` (MiB): under a stream of multi-file uploads V8
 * grew the node's young generation to its 16 MiB default, 32 MB of RSS for
 * objects that live one request. While 100,000–300,000 small files were
 * uploaded, four requests of 1,000 at a time, the node's RSS levelled off at
 * 193–203 MB without the flag and at 165–180 MB with it (178 MB at most over
 * a million), at no cost in CPU per file or per GiB (issue 15's
 * measurements): what the node keeps between requests is small, so its
 * scavenges stay short however often they run.
 * Where a runtime ignores the flag (Electron as Node may), only memory differs.
 */
export const STORAGE_NODE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
