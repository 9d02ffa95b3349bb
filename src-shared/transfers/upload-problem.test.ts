import { describe, expect, it } from 'vitest';
import { uploadProblem, type StorageRules } from './upload-problem';

const FLAT: StorageRules = { folders: 'none', maxObjectSize: 1000, reservedPrefixes: [] };
const JCS_LIKE: StorageRules = { folders: 'prefix', maxObjectSize: null, reservedPrefixes: ['.jcs-uploads/'] };

describe('uploadProblem', () => {
  it('applies the path rules every service keeps, with or without the service at hand', () => {
    expect(uploadProblem('a/../b.txt', 1, null)).toMatch(/^the name cannot be stored: path 'a\/\.\.\/b\.txt' has a '\.\.' segment/);
    expect(uploadProblem('a/b.txt', 1, null)).toBeUndefined();
  });

  it("follows the service: no folders where it has none, nothing in its own prefixes, no more bytes than it takes", () => {
    expect(uploadProblem('album/one.jpg', 1, FLAT)).toBe("the name cannot be stored: 'album/one.jpg' is in a folder, and this service has no folders");
    expect(uploadProblem('one.jpg', 1000, FLAT)).toBeUndefined();
    expect(uploadProblem('one.jpg', 1001, FLAT)).toBe('the file cannot be stored: it has 1001 bytes, and this service takes at most 1000');
    expect(uploadProblem('.jcs-uploads/x/y.bin', 1, JCS_LIKE)).toBe("the name cannot be stored: '.jcs-uploads/' is where the service keeps its own files");
    expect(uploadProblem('album/one.jpg', 10 ** 12, JCS_LIKE)).toBeUndefined();
  });
});
