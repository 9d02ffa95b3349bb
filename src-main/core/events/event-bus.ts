/**
 * Typed events from core to whoever listens (the IPC transport, the
 * WebSocket transport, tests). Payloads are the contract's event payloads.
 */
import type { EventName, EventPayload } from '@shared/contract/events';

/** One event as a discriminated union member: `{name, payload}`. */
export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export class EventBus {
  private readonly listeners = new Set<(event: AnyEvent) => void>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as AnyEvent; // {name: E, payload: EventPayload<E>} is one member of the union
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`event listener failed for ${name}:`, error);
      }
    }
  }

  /** Listens to every event; returns the function that stops listening. */
  onAny(listener: (event: AnyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
