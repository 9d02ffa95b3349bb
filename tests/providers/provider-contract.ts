/**
 * The behaviour every StorageProvider promises (src-main/providers/storage-provider.ts),
 * as one suite that runs against any provider: checks of optional features
 * run where the capabilities say the provider has them, and where it does
 * not, the suite checks that it refuses instead of pretending.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { basicsContract } from './contract/contract-basics';
import { failuresContract } from './contract/contract-failures';
import { multipartContract } from './contract/contract-multipart';
import { operationsContract } from './contract/contract-operations';
import { contractContext, type ContractSubject, type StartedSubject } from './contract/contract-scene';

export type { ContractScene, ContractSubject } from './contract/contract-scene';

export function providerContract(subject: ContractSubject): void {
  describe(`StorageProvider contract: ${subject.name}`, () => {
    let started: StartedSubject | undefined;
    beforeAll(async () => {
      started = await subject.start();
    });
    afterAll(async () => {
      await started?.stop();
    });
    const ctx = contractContext(subject.capabilities, () => started!, subject.fileBesideFolder);
    basicsContract(ctx);
    multipartContract(ctx);
    operationsContract(ctx);
    failuresContract(ctx);
  });
}
