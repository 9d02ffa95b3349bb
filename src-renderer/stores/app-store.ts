/** App-level UI state that the menu and the header share. */
import { create } from 'zustand';

/** What the main pane shows: the storage browser, the sync tasks, a connection's user spaces, or the publishes to IPFS / Crust. */
export type AppPage = 'files' | 'sync' | 'spaces' | 'crust';

interface AppUiState {
  settingsOpen: boolean;
  setSettingsOpen: (open: boolean) => void;
  page: AppPage;
  setPage: (page: AppPage) => void;
  /** The connection the Spaces page shows; null: the first that has user spaces (the embedded node). */
  spacesConnectionId: string | null;
  /** Shows the Spaces page for a connection (its sidebar menu's "User spaces"). */
  openSpaces: (connectionId: string) => void;
  setSpacesConnection: (connectionId: string) => void;
}

export const useAppUi = create<AppUiState>((set) => ({
  settingsOpen: false,
  setSettingsOpen: (open) => set({ settingsOpen: open }),
  page: 'files',
  setPage: (page) => set({ page }),
  spacesConnectionId: null,
  openSpaces: (connectionId) => set({ page: 'spaces', spacesConnectionId: connectionId }),
  setSpacesConnection: (connectionId) => set({ spacesConnectionId: connectionId }),
}));
