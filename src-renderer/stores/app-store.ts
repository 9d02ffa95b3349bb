/** App-level UI state that the menu and the header share. */
import { create } from 'zustand';

interface AppUiState {
  settingsOpen: boolean;
  setSettingsOpen: (open: boolean) => void;
}

export const useAppUi = create<AppUiState>((set) => ({
  settingsOpen: false,
  setSettingsOpen: (open) => set({ settingsOpen: open }),
}));
