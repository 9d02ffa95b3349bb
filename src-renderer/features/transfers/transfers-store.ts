/** UI state of the transfers feature (zustand): whether the panel is open, and conflict questions put off or asked for. */
import { create } from 'zustand';

interface TransfersUiState {
  panelOpen: boolean;
  /** Batches whose conflict questions were put off ("Decide later"); asked again on request. */
  deferredBatches: ReadonlySet<string>;
  /** A job whose conflict the user asked to decide now (from its row). */
  conflictRequest: string | null;
  setPanelOpen: (open: boolean) => void;
  togglePanel: () => void;
  defer: (batchId: string) => void;
  /** Asks about this job now (or the first waiting one when null). */
  askConflict: (jobId: string | null) => void;
}

export const useTransfersUi = create<TransfersUiState>((set, get) => ({
  panelOpen: false,
  deferredBatches: new Set(),
  conflictRequest: null,
  setPanelOpen: (open) => set({ panelOpen: open }),
  togglePanel: () => set({ panelOpen: !get().panelOpen }),
  defer: (batchId) => set({ deferredBatches: new Set([...get().deferredBatches, batchId]), conflictRequest: null }),
  askConflict: (jobId) => set({ deferredBatches: new Set(), conflictRequest: jobId }),
}));
