// All downstream connections of this gateway, one per server, shared by every upstream session.
import { sameServerEntry, type EntryScope, type ServerEntry } from '../config/server-entry.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import type { ChildTracker } from './child-records.js';
import type { TransportFactory } from './create-transport.js';
import type { DownstreamTool } from './downstream-tool.js';
import type { DownstreamNotification } from './upstream-relay.js';
import { DEFAULT_MAINTENANCE, PoolMaintenance, type MaintenanceSettings } from './pool-maintenance.js';
import { ServerConnection, type ServerStatus } from './server-connection.js';

export interface ServerPoolOptions {
  createTransport: TransportFactory;
  /**
   * Credentials of one server (from the secrets store); read at each start. A project entry (`scope`
   * `project`) must get only the project's, never those stored for the user's same-name server.
   */
  secretsFor: (server: string, scope: EntryScope) => Record<string, string>;
  logger: Logger;
  clientInfo: { name: string; version: string };
  connectTimeoutMs?: number;
  /** Told about every child process spawned and exited (the orphan record under TOOLGATE_HOME). */
  children?: ChildTracker;
  /** Pings and idle shutdown; defaults in pool-maintenance.ts. */
  maintenance?: Partial<MaintenanceSettings>;
  onToolsChanged?: (server: string, tools: DownstreamTool[]) => void;
  onNotification?: (server: string, notification: DownstreamNotification) => void;
}

export interface PoolChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export class ServerPool {
  private readonly connections = new Map<string, ServerConnection>();
  private readonly holds = new Map<string, number>();
  private closed = false;
  private readonly maintenance: PoolMaintenance;

  constructor(private readonly options: ServerPoolOptions) {
    this.maintenance = new PoolMaintenance(
      () => [...this.connections.values()],
      { ...DEFAULT_MAINTENANCE, ...options.maintenance },
      options.logger,
      (server) => this.isHeld(server),
    );
    this.maintenance.start();
  }

  /**
   * Keeps `server` from idle shutdown until the returned function is called (once). Held by name, so the
   * hold outlives a restart or a changed config entry (which replace the connection).
   */
  retain(server: string): () => void {
    this.holds.set(server, (this.holds.get(server) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holds.get(server) ?? 1) - 1;
      if (left > 0) this.holds.set(server, left);
      else this.holds.delete(server);
    };
  }

  isHeld(server: string): boolean {
    return this.holds.has(server);
  }

  names(): string[] {
    return [...this.connections.keys()];
  }

  get(server: string): ServerConnection | undefined {
    return this.connections.get(server);
  }

  /** The connection of a configured server, or SERVER_NOT_FOUND naming the known ones. */
  require(server: string): ServerConnection {
    const connection = this.connections.get(server);
    if (connection) return connection;
    const known = this.names();
    throw new GatewayError('SERVER_NOT_FOUND', `No configured server is named "${server}".`, {
      hint: known.length
        ? `Known servers: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}. Use gateway.catalog_search to find a tool.`
        : 'No downstream servers are configured: add one to .mcp.json or ~/.toolgate/servers.json, then call gateway.refresh.',
      details: { server },
    });
  }

  /** Replaces the configured set: new servers are added idle, removed or changed ones are closed. Nothing is started. */
  async setEntries(entries: Map<string, ServerEntry>): Promise<PoolChanges> {
    if (this.closed) throw new GatewayError('INTERNAL', 'The server pool is closed.');
    const changes: PoolChanges = { added: [], removed: [], changed: [] };
    const closing: Promise<void>[] = [];
    for (const [name, connection] of this.connections) {
      const next = entries.get(name);
      if (!next) {
        changes.removed.push(name);
        closing.push(connection.close());
        this.connections.delete(name);
      } else if (!sameServerEntry(connection.entry, next)) {
        changes.changed.push(name);
        closing.push(connection.close());
        this.connections.set(name, this.createConnection(next));
      }
    }
    for (const [name, entry] of entries) {
      if (!this.connections.has(name)) {
        changes.added.push(name);
        this.connections.set(name, this.createConnection(entry));
      }
    }
    await Promise.all(closing);
    this.maintenance.reschedule();
    return changes;
  }

  /** Restarts one server: closes the connection and leaves a fresh idle one (started on next use). */
  async reset(server: string): Promise<void> {
    const connection = this.require(server);
    // Swap first, then wait: a concurrent reset, setEntries or close() sees the fresh connection, and none
    // of them can have its own connection replaced (and its child orphaned) when this close finishes.
    if (!this.closed && this.connections.get(server) === connection)
      this.connections.set(server, this.createConnection(connection.entry));
    await connection.close();
  }

  /** One maintenance pass now (pings, idle shutdown); the pool also runs these on its own timer. */
  maintain(now?: number): Promise<void> {
    return this.maintenance.tick(now);
  }

  status(): ServerStatus[] {
    return [...this.connections.values()].map((connection) => connection.status());
  }

  /** Idempotent: closes every connection in parallel (each in stages), then refuses new work. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.maintenance.stop();
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
  }

  /** For a process `exit` hook: signals every child synchronously. */
  terminateNow(): void {
    for (const connection of this.connections.values()) connection.terminateNow();
  }

  private createConnection(entry: ServerEntry): ServerConnection {
    return new ServerConnection({
      entry,
      createTransport: this.options.createTransport,
      secrets: () => this.options.secretsFor(entry.name, entry.scope ?? 'user'),
      logger: this.options.logger,
      clientInfo: this.options.clientInfo,
      ...(this.options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.options.connectTimeoutMs }),
      ...(this.options.children ? { children: this.options.children } : {}),
      ...(this.options.onToolsChanged ? { onToolsChanged: this.options.onToolsChanged } : {}),
      ...(this.options.onNotification ? { onNotification: this.options.onNotification } : {}),
    });
  }
}
