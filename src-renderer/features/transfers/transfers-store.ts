/** UI state of the transfers feature (zustand): whether the panel is open, which batches are open, and conflict questions put off or asked for. */
import { create } from 'zustand';

interface TransfersUiState {
  panelOpen: boolean;
  /** Batches whose conflict questions were put off ("Decide later"); asked again on request. */
  deferredBatches: ReadonlySet<string>;
  /** A job whose conflict the user asked to decide now (from its row). */
  conflictRequest: string | null;
  /** Batches the user opened or closed (the others follow the default: small ones open). */
  toggledBatches: Readonly<Record<string, boolean>>;
  setBatchExpanded: (batchId: string, expanded: boolean) => void;
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
  toggledBatches: {},
  setBatchExpanded: (batchId, expanded) => set({ toggledBatches: { ...get().toggledBatches, [batchId]: expanded } }),
  setPanelOpen: (open) => set({ panelOpen: open }),
  togglePanel: () => set({ panelOpen: !get().panelOpen }),
  defer: (batchId) => set({ deferredBatches: new Set([...get().deferredBatches, batchId]), conflictRequest: null }),
  askConflict: (jobId) => set({ deferredBatches: new Set(), conflictRequest: jobId }),
}));
