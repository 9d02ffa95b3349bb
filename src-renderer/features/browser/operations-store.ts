/**
 * Long object operations (delete, rename, move, copy) while they run, and the
 * failures of the last one that had any. Kept outside React components so an
 * operation keeps reporting when the user browses elsewhere meanwhile.
 */
import { create } from 'zustand';
import type { ObjectOpResult, OperationProgress } from '@shared/contract/domain';

export type OperationKind = OperationProgress['kind'];

export interface RunningOperation {
  operationId: string;
  kind: OperationKind;
  /** What it acts on, for people ("3 items", "photos/"). */
  subject: string;
  done: number;
  /** 0 while the service is still counting. */
  total: number;
  cancelling: boolean;
}

export interface FailureReport {
  kind: OperationKind;
  failed: ObjectOpResult['failed'];
}

interface OperationsState {
  running: readonly RunningOperation[];
  failures: FailureReport | null;
  start: (operation: Pick<RunningOperation, 'operationId' | 'kind' | 'subject'>) => void;
  progress: (operationId: string, done: number, total: number) => void;
  markCancelling: (operationId: string) => void;
  finish: (operationId: string) => void;
  reportFailures: (report: FailureReport | null) => void;
}

export const useOperations = create<OperationsState>((set, get) => ({
  running: [],
  failures: null,
  start(operation) {
    set({ running: [...get().running, { ...operation, done: 0, total: 0, cancelling: false }] });
  },
  progress(operationId, done, total) {
    set({ running: get().running.map((op) => (op.operationId === operationId ? { ...op, done, total } : op)) });
  },
  markCancelling(operationId) {
    set({ running: get().running.map((op) => (op.operationId === operationId ? { ...op, cancelling: true } : op)) });
  },
  finish(operationId) {
    set({ running: get().running.filter((op) => op.operationId !== operationId) });
  },
  reportFailures(report) {
    set({ failures: report });
  },
}));
