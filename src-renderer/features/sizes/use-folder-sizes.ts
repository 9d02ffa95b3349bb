/**
 * Keeps main told which folders the list shows, so it computes sizes for
 * those only: the set is sent a moment after it settles (a fling through the
 * list asks for nothing on the way), folders that scrolled away are dropped
 * (main cancels their walks), and leaving the view drops them all. Sizes
 * arrive as `sizes.folder` events; a change to the root's objects recounts.
 */
import { useCallback, useEffect, useId, useRef } from 'react';
import type { EventPayload } from '@shared/contract/events';
import { useEvent, useTransport } from '../../lib/api';
import type { ContentLocation } from '../browser/location';
import { scopeOf, useFolderSizeStore } from './folder-size-store';

/** How long the visible set must hold still before main hears of it. */
const SETTLE_MS = 150;

export function useFolderSizes(location: ContentLocation): void {
  const transport = useTransport();
  const viewId = useId();
  const { connectionId, root } = location;
  const scope = scopeOf(connectionId, root);
  const recountRef = useRef<() => void>(() => {});

  useEffect(() => {
    useFolderSizeStore.getState().setScope(scope);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sent = '';
    const send = (force: boolean) => {
      const prefixes = [...useFolderSizeStore.getState().visible.keys()].sort();
      const signature = prefixes.join('\n');
      if (!force && signature === sent) return;
      sent = signature;
      transport.call('sizes.watch', { viewId, connectionId, root, prefixes }).then(
        ({ known }) => {
          for (const size of known) useFolderSizeStore.getState().put(scope, size.prefix, { objects: size.objects, bytes: size.bytes });
        },
        () => {
          // The list shows no size for them; the next change of view asks again.
        },
      );
    };
    const schedule = (force = false) => {
      clearTimeout(timer);
      timer = setTimeout(() => send(force), SETTLE_MS);
    };
    schedule(true);
    const stop = useFolderSizeStore.subscribe((state, previous) => {
      if (state.visible !== previous.visible) schedule();
    });
    recountRef.current = () => {
      useFolderSizeStore.getState().clearSizes();
      schedule(true);
    };
    return () => {
      clearTimeout(timer);
      stop();
      recountRef.current = () => {};
      void transport.call('sizes.unwatch', { viewId }).catch(() => undefined);
    };
  }, [transport, viewId, connectionId, root, scope]);

  useEvent(
    'sizes.folder',
    useCallback(
      (event: EventPayload<'sizes.folder'>) => {
        useFolderSizeStore.getState().put(scopeOf(event.connectionId, event.root), event.prefix, event.failed ? 'failed' : { objects: event.objects, bytes: event.bytes });
      },
      [],
    ),
  );
  useEvent(
    'storage.changed',
    useCallback(
      (event: EventPayload<'storage.changed'>) => {
        if (event.connectionId === connectionId && (event.rootId === null || event.rootId === root || event.scope === 'roots')) recountRef.current();
      },
      [connectionId, root],
    ),
  );
}
