/**
 * The names of the roots this app has seen, per connection: a root deleted
 * elsewhere can no longer be asked for its name, yet what failed because of
 * it must say which one ("the package 'photos' no longer exists"), never the
 * service's id. Filled wherever roots pass through (listings, lookups,
 * creation); kept for the session.
 */
export interface KnownRoot {
  name: string;
  /** Its level in the connection's capabilities (`rootLevels`). */
  level: number;
}

export class RootNames {
  private readonly known = new Map<string, KnownRoot>();

  record(connectionId: string, root: { id: string; name: string; level: number }): void {
    this.known.set(key(connectionId, root.id), { name: root.name, level: root.level });
  }

  get(connectionId: string, rootId: string): KnownRoot | undefined {
    return this.known.get(key(connectionId, rootId));
  }
}

const key = (connectionId: string, rootId: string) => `${connectionId}\u0000${rootId}`;
