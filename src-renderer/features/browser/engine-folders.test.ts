import { describe, expect, it } from 'vitest';
import { engineFolder as engineFolderIn } from './engine-folders';

/** As on JCS, whose adapter reserves its multipart staging folder. */
const engineFolder = (prefix: string) => engineFolderIn(prefix, ['.jcs-uploads/']);

describe('engineFolder', () => {
  it("marks the adapter's reserved folder (JCS upload staging) and sync trash folders anywhere", () => {
    expect(engineFolder('.jcs-uploads/')).toBe('staging');
    expect(engineFolder('.jcs-trash/')).toBe('trash');
    expect(engineFolder('photos/synced/.jcs-trash/')).toBe('trash');
  });

  it('leaves look-alikes alone', () => {
    expect(engineFolder('docs/.jcs-uploads/')).toBeNull();
    expect(engineFolder('.jcs-uploads/job/')).toBeNull();
    expect(engineFolder('.jcs-trash/2024-01-01 120000/')).toBeNull();
    expect(engineFolder('my.jcs-trash/')).toBeNull();
    expect(engineFolder('')).toBeNull();
  });
});
