/** Carries out commands from the desktop app's menu (`app.command` events). */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { EventPayload } from '@shared/contract/events';
import { useEvent } from '../lib/api';
import { useAppUi } from '../stores/app-store';
import { useBrowserStore } from '../stores/browser-store';

export function useAppCommands(): void {
  const client = useQueryClient();
  const onCommand = useCallback(
    ({ command }: EventPayload<'app.command'>) => {
      const browser = useBrowserStore.getState();
      if (command === 'openSettings') useAppUi.getState().setSettingsOpen(true);
      else if (command === 'refresh') void client.invalidateQueries();
      else if (command === 'toggleDetails') browser.toggleDetails();
      else if (command === 'goBack') browser.goBack();
      else browser.goForward();
    },
    [client],
  );
  useEvent('app.command', onCommand);
}
