import { describe, expect, it } from 'vitest';
import { engineFolder } from './engine-folders';

describe('engineFolder', () => {
  it('marks the upload staging folder at the package root and sync trash folders anywhere', () => {
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
