/**
 * The question a move or copy asks when destinations are taken: one at a
 * time, answered by TransferConflictDialog. The transfer waits on the
 * promise; an answer of null is "cancel" (nothing was changed).
 */
import { create } from 'zustand';
import type { TransferConflicts } from '@shared/contract/domain';

export type ConflictResolution = 'overwrite' | 'skip' | 'keepBoth';

export interface ConflictAnswer {
  /** Answers for single destinations, as the user stepped through them. */
  decisions: Array<{ to: string; resolution: ConflictResolution }>;
  /** "Apply to all": the answer for every conflict not answered one by one. */
  all?: ConflictResolution;
}

export interface ConflictQuestion {
  mode: 'move' | 'copy';
  /** The destination folder for people ("a / photos/"). */
  folderLabel: string;
  /** The destination folder's prefix: item names are shown relative to it. */
  targetFolder: string;
  conflicts: TransferConflicts;
}

interface TransferConflictState {
  /** `id` tells one question from the next (the dialog starts afresh for each). */
  question: (ConflictQuestion & { id: number; answer: (answer: ConflictAnswer | null) => void }) | null;
}

export const useTransferConflicts = create<TransferConflictState>(() => ({ question: null }));

let asked = 0;

export function askTransferConflicts(question: ConflictQuestion): Promise<ConflictAnswer | null> {
  return new Promise((resolve) => {
    // A question still open (another transfer's) counts as cancelled: one dialog at a time.
    useTransferConflicts.getState().question?.answer(null);
    useTransferConflicts.setState({
      question: {
        ...question,
        id: ++asked,
        answer: (answer) => {
          useTransferConflicts.setState({ question: null });
          resolve(answer);
        },
      },
    });
  });
}
