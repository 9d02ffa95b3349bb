/**
 * What only the desktop app can do, supplied by src-main/app (Electron) and
 * absent in headless mode: system dialogs and dragging files out of the window.
 */
export interface DesktopIntegration {
  openDialog(kind: 'files' | 'folder' | 'downloadTarget'): Promise<string[]>;
  startDrag(files: readonly string[]): void;
  /** Shows a file (or folder) selected in the system's file manager. */
  revealPath?(path: string): void;
}
