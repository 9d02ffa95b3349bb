/**
 * The size and date text of a row, formatted once per entry and language:
 * the list re-renders on every scroll frame, and Intl formatters are not free.
 */
import { useMemo } from 'react';
import { formatBytes } from '../../lib/format';
import type { Entry } from './listing';

export interface RowLabels {
  size: string;
  modified: string;
}

const NONE: RowLabels = { size: '', modified: '' };

export function useRowLabels(locale: string): (entry: Entry) => RowLabels {
  return useMemo(() => {
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const cache = new WeakMap<Entry, RowLabels>();
    return (entry: Entry) => {
      if (entry.kind === 'folder') return NONE;
      let labels = cache.get(entry);
      if (!labels) {
        labels = { size: formatBytes(entry.size, locale), modified: Number.isNaN(entry.modified) ? '' : dates.format(entry.modified) };
        cache.set(entry, labels);
      }
      return labels;
    };
  }, [locale]);
}
