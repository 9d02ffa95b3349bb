/** App-level UI state that the menu and the header share. */
import { create } from 'zustand';

/** What the main pane shows: the storage browser, or the sync tasks. */
export type AppPage = 'files' | 'sync';

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
