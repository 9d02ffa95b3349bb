/** App-level UI state that the menu and the header share. */
import { create } from 'zustand';

/** What the main pane shows: the storage browser, the sync tasks, or the publishes to IPFS / Crust. */
export type AppPage = 'files' | 'sync' | 'crust';

interface AppUiState {
  settingsOpen: boolean;
  setSettingsOpen: (open: boolean) => void;
  page: AppPage;
  setPage: (page: AppPage) => void;
}

export const useAppUi = create<AppUiState>((set) => ({
  settingsOpen: false,
  setSettingsOpen: (open) => set({ settingsOpen: open }),
  page: 'files',
  setPage: (page) => set({ page }),
}));
