import { describe, expect, it } from 'vitest';
import { syncBlockCodeSchema, syncLogCodeSchema, syncReasonCodeSchema, syncStatusCodeSchema } from '@shared/contract/sync-codes';
import { testI18n } from '../../i18n/test-i18n';
import { blockedText, logEntryText, reasonText, statusText } from './sync-text';

/** ASCII words of three letters or more: English that should not be in a Chinese text. */
const ENGLISH_WORD = /[A-Za-z]{3,}/g;
/** Params as core fills them: paths and names without ASCII words, numbers, and codes under their fixed names. */
const PARAMS = {
  path: '/数据/照片',
  localPath: '/数据/照片',
  remotePath: '相册/',
  trashPath: '.jcs-trash/2026-01-02 030405/猫.jpg',
  to: '新/猫.jpg',
  keptAs: '猫 (conflict 2026-01-02 030405).jpg',
  deletions: 4,
  percent: 40,
  base: 10,
  maxFiles: 1,
  maxPercent: 25,
  seconds: 30,
  changes: 3,
  transfers: 2,
  cancelled: 1,
  count: 7,
  errno: 'ENOSPC',
  reason: 'changedOnBoth',
  kind: 'upload',
  side: 'local',
  direction: 'twoWay',
  errorCode: 'HashMismatch',
  problem: 'dotSegment',
  choice: 'theirs',
};
/** What may stay in ASCII: the file names' extension, the conflict-name marker core writes into file names, the Linux setting's name, the trash folder's name. */
const ALLOWED = new Set(['jpg', 'conflict', 'jcs', 'trash', 'inotify', 'max_user_watches', 'max', 'user', 'watches', 'Linux', 'ENOSPC', 'CPU']);

function englishWords(text: string): string[] {
  return (text.match(ENGLISH_WORD) ?? []).filter((w) => !ALLOWED.has(w));
}

describe('sync texts', () => {
  it('word every reason, status, block and activity code in Chinese without English words', async () => {
    const zh = await testI18n('zh-CN');
    const said: Array<[string, string]> = [];
    for (const code of syncReasonCodeSchema.options) said.push([`reason ${code}`, reasonText(zh, code, '(missing)')]);
    for (const code of syncStatusCodeSchema.options) said.push([`status ${code}`, statusText(zh, { statusCode: code, statusParams: PARAMS, statusMessage: '(missing)' })!.text]);
    for (const code of syncBlockCodeSchema.options) said.push([`block ${code}`, blockedText(zh, { code, params: PARAMS }, '(missing)')!]);
    for (const code of syncLogCodeSchema.options) said.push([`event ${code}`, logEntryText(zh, { code, params: PARAMS, message: '(missing)' }).text]);
    expect(said.filter(([, text]) => text === '(missing)' || englishWords(text).length > 0)).toEqual([]);
  });

  it('have every code in English too, and keep a service’s own message apart as the detail', async () => {
    const en = await testI18n('en');
    for (const code of syncLogCodeSchema.options) expect(logEntryText(en, { code, params: PARAMS, message: '(missing)' }).text, code).not.toBe('(missing)');
    for (const code of syncStatusCodeSchema.options) expect(statusText(en, { statusCode: code, statusParams: PARAMS, statusMessage: '(missing)' })!.text, code).not.toBe('(missing)');
    expect(logEntryText(en, { code: 'transferFailed', params: { kind: 'download', errorCode: 'HashMismatch', detail: 'the downloaded bytes do not match' }, message: '' })).toEqual({
      text: 'Download failed: Damaged data',
      detail: 'the downloaded bytes do not match',
    });
  });

  it('show a line without a code, or with a code this version does not know, as its stored message', async () => {
    const zh = await testI18n('zh-CN');
    expect(logEntryText(zh, { code: null, params: {}, message: 'uploaded' })).toEqual({ text: 'uploaded', detail: null });
    expect(logEntryText(zh, { code: 'somethingNew', params: {}, message: 'something new' })).toEqual({ text: 'something new', detail: null });
    expect(statusText(zh, { statusCode: null, statusParams: {}, statusMessage: null })).toBeNull();
  });

  it('word codes inside params: the reason, the kind, the side, the remote folder', async () => {
    const zh = await testI18n('zh-CN');
    expect(logEntryText(zh, { code: 'wouldDo', params: { kind: 'deleteLocal', reason: 'deletedRemotely' }, message: '' }).text).toBe('将执行：在本地删除（远程已删除）');
    expect(logEntryText(zh, { code: 'taskCreated', params: { direction: 'upload', localPath: '/数据', remotePath: '' }, message: '' }).text).toBe('已创建任务：仅上传，在 /数据 与 / 之间');
  });
});
