// Builds the command-line bundles once before any test file runs, so tests
// that spawn them never race each other over out/cli/.
import { buildCli } from '../scripts/run-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
