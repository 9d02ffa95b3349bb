/**
 * What sync says as codes (src-shared/contract/sync-codes.ts), in the user's
 * language: planned actions' reasons, a task's status, what stops a plan,
 * activity lines. A raw message from a service or the system (`detail`) is
 * not translated: it is returned apart, to be shown after the text. An
 * activity line without a code (written before codes existed) or with a code
 * this version does not know reads as its stored message.
 */
import type { i18n as I18n } from 'i18next';
import { COMMON_PARAM_WORDS, wordCoded, type ParamWords, type Params } from '../../i18n/coded-text';
import { remoteFolderLabel } from './sync-display';

const SYNC_PARAM_WORDS: ParamWords = {
  ...COMMON_PARAM_WORDS,
  reason: (value, i18n) => i18n.t(`syncText.reason.${value}`, { defaultValue: value }),
  kind: (value, i18n) => i18n.t(`sync.kind.${value}`, { defaultValue: value }),
  side: (value, i18n) => i18n.t(`sync.side.${value}`, { defaultValue: value }),
  direction: (value, i18n) => i18n.t(`sync.direction.${value}`, { defaultValue: value }),
  choice: (value, i18n) => i18n.t(`sync.conflicts.chosen.${value}`, { defaultValue: value }),
  remotePath: (value) => remoteFolderLabel(value),
};

export interface WordedText {
  text: string;
  /** A service's or the system's own message, shown after the text as it is. */
  detail: string | null;
}

function worded(i18n: I18n, key: string, params: Params): WordedText | undefined {
  const text = wordCoded(i18n, key, params, SYNC_PARAM_WORDS);
  if (text === undefined) return undefined;
  return { text, detail: typeof params.detail === 'string' && params.detail !== '' ? params.detail : null };
}

export function reasonText(i18n: I18n, code: string, fallback: string): string {
  return worded(i18n, `syncText.reason.${code}`, {})?.text ?? fallback;
}

/** A task's status explanation; null when it has none. */
export function statusText(i18n: I18n, task: { statusCode: string | null; statusParams: Params; statusMessage: string | null }): WordedText | null {
  if (task.statusCode) {
    const text = worded(i18n, `syncText.status.${task.statusCode}`, task.statusParams);
    if (text) return text;
  }
  return task.statusMessage ? { text: task.statusMessage, detail: null } : null;
}

export function blockedText(i18n: I18n, blocked: { code: string; params: Params } | null, fallback: string | null): string | null {
  if (blocked) return worded(i18n, `syncText.blocked.${blocked.code}`, blocked.params)?.text ?? fallback;
  return fallback;
}

export function logEntryText(i18n: I18n, entry: { code: string | null; params: Params; message: string }): WordedText {
  return (entry.code !== null && worded(i18n, `syncText.event.${entry.code}`, entry.params)) || { text: entry.message, detail: null };
}
