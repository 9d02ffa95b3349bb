/**
 * Typed access to main for components: `useApiQuery(name, input)` and
 * `useApiMutation(name)` over the Transport, with react-query caching keyed by
 * `[name, input]`. Main's events keep the cache fresh: `storage.changed` and
 * `connections.changed` invalidate what they affect, and a transport
 * reconnect refetches everything (events may have been missed meanwhile).
 */
import { QueryClient, QueryClientProvider, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { EventName, EventPayload } from '@shared/contract/events';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract/operations';
import { applyStorageChange } from './storage-invalidation';
import type { Transport } from './transport/transport';

const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport outside ApiProvider');
  return transport;
}

export function apiKey<N extends OperationName>(name: N, input?: OperationInput<N>): readonly unknown[] {
  return input === undefined ? [name] : [name, input];
}

export function useApiQuery<N extends OperationName>(
  name: N,
  input: OperationInput<N>,
  options: Omit<UseQueryOptions<OperationOutput<N>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  const transport = useTransport();
  return useQuery<OperationOutput<N>, Error>({
    queryKey: apiKey(name, input),
    queryFn: () => transport.call(name, input),
    ...options,
  });
}

export function useApiMutation<N extends OperationName>(name: N) {
  const transport = useTransport();
  return useMutation<OperationOutput<N>, Error, OperationInput<N>>({ mutationFn: (input) => transport.call(name, input) });
}

/** Subscribes to a main event for the component's lifetime. */
export function useEvent<E extends EventName>(name: E, handler: (payload: EventPayload<E>) => void): void {
  const transport = useTransport();
  useEffect(() => transport.subscribe(name, handler), [transport, name, handler]);
}

function CacheInvalidation({ transport, client }: { transport: Transport; client: QueryClient }) {
  useEffect(() => {
    const stops = [
      transport.subscribe('connections.changed', () => void client.invalidateQueries({ queryKey: ['connections.list'] })),
      // setQueryData needs the exact key useApiQuery('settings.get', {}) caches under (no prefix matching).
      transport.subscribe('settings.changed', (settings) => client.setQueryData(apiKey('settings.get', {}), settings)),
      transport.subscribe('node.status', () => void client.invalidateQueries({ queryKey: ['app.info'] })),
      transport.subscribe('storage.changed', (change) => void applyStorageChange(client, change)),
      transport.onConnectionChange((connected) => {
        if (connected) void client.invalidateQueries();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [transport, client]);
  return null;
}

export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
          mutations: { retry: false },
        },
      }),
  );
  return (
    <TransportContext.Provider value={transport}>
      <QueryClientProvider client={client}>
        <CacheInvalidation transport={transport} client={client} />
        {children}
      </QueryClientProvider>
    </TransportContext.Provider>
  );
}
