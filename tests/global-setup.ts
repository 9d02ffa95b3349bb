// Builds the command-line bundles once before any test file runs, so tests
// that spawn them never race each other over out/cli/; and prepares the run's
// shared S3 service (tests/helpers/rgw-shared.ts), which the first S3 test
// starts and the teardown stops.
import type { TestProject } from 'vitest/node';
import { buildCli } from '../scripts/run-cli.mjs';
import { prepareSharedRgw } from './helpers/rgw-shared';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildCli();
  const rgw = await prepareSharedRgw();
  project.provide('rgw', rgw.shared);
  return rgw.teardown;
}
