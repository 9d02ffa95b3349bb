/** The spaces contract's input rules: paths relative to a space root, S3 endpoints, size bounds, and secrets only where they are sent. */
import { describe, expect, it } from 'vitest';
import { spaceBrowseSchema, spaceConfigSchema, spaceCreateSchema, spacePathProblem, spaceTaskCreateSchema, spaceUpdateSchema } from './spaces';

const task = { connectionId: 'local', srcSpaceId: 1, srcPath: 'a', destinations: [{ spaceId: 2, path: 'b' }], intervalSeconds: 60, includeSize: true, includeModTime: false, noEmptyDirectories: false };

describe('spaces contract', () => {
  it('space paths: the root is empty, the rest follows the object path rules', () => {
    expect(spacePathProblem('')).toBeUndefined();
    expect(spacePathProblem('a/b c/d.txt')).toBeUndefined();
    for (const bad of ['/abs', 'a/../b', 'a//b', 'a/', 'a\\b', 'x\u0000']) expect(spacePathProblem(bad), bad).toBeDefined();
    expect(spaceBrowseSchema.safeParse({ connectionId: 'local', id: 1, path: '../up' }).success).toBe(false);
  });

  it('a config per type: Local needs its folder; the S3 family a bucket, a key pair and an http(s) endpoint', () => {
    expect(spaceConfigSchema.safeParse({ type: 'Local', localPath: '/srv' }).success).toBe(true);
    expect(spaceConfigSchema.safeParse({ type: 'Local', localPath: '' }).success).toBe(false);
    const s3 = { type: 'S3', endpoint: 'http://127.0.0.1:7480', region: '', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's' };
    expect(spaceConfigSchema.safeParse(s3).success).toBe(true);
    expect(spaceConfigSchema.safeParse({ ...s3, endpoint: '' }).success).toBe(true);
    expect(spaceConfigSchema.safeParse({ ...s3, endpoint: 'ftp://x' }).success).toBe(false);
    expect(spaceConfigSchema.safeParse({ ...s3, secretAccessKey: '' }).success).toBe(false);
    expect(spaceConfigSchema.safeParse({ ...s3, type: 'EFile' }).success).toBe(false);
    expect(spaceCreateSchema.safeParse({ connectionId: 'local', name: 'x', config: s3, workingDir: '../w' }).success).toBe(false);
    expect(spaceCreateSchema.safeParse({ connectionId: 'local', name: 'x', config: s3, workingDir: 'jcs/' }).success).toBe(true);
  });

  it('an update sends a secret only when one was typed (an empty one is not a secret)', () => {
    expect(spaceUpdateSchema.safeParse({ connectionId: 'local', id: 1, name: 'n' }).success).toBe(true);
    expect(spaceUpdateSchema.safeParse({ connectionId: 'local', id: 1, name: 'n', secretAccessKey: '' }).success).toBe(false);
  });

  it('a task: one to sixteen destinations, bounds in order', () => {
    expect(spaceTaskCreateSchema.safeParse(task).success).toBe(true);
    expect(spaceTaskCreateSchema.safeParse({ ...task, destinations: [] }).success).toBe(false);
    expect(spaceTaskCreateSchema.safeParse({ ...task, destinations: Array.from({ length: 17 }, (_, i) => ({ spaceId: i + 2, path: '' })) }).success).toBe(false);
    expect(spaceTaskCreateSchema.safeParse({ ...task, minSize: 10, maxSize: 5 }).success).toBe(false);
    expect(spaceTaskCreateSchema.safeParse({ ...task, minSize: 5, maxSize: 5 }).success).toBe(true);
    expect(spaceTaskCreateSchema.safeParse({ ...task, intervalSeconds: 0 }).success).toBe(false);
  });
});
