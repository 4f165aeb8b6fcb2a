// The live upstream sessions of the HTTP service: lookup by id, idle expiry, a cap, one close per session.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_MS } from '../settings/setting-defaults.js';

export { DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_MS };

/** `cli`: toolgate's own CLI, on the owner's control socket at /cli (never over TCP). */
export type SessionKind = 'streamable-http' | 'sse' | 'attached' | 'cli';

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  client?: string;
  created_at: string;
  idle_ms: number;
  open_streams: number;
}

export interface LiveSession {
  id: string;
  kind: SessionKind;
  /** Hands one HTTP request of this session to its transport. */
  handle: (request: IncomingMessage, response: ServerResponse, body?: unknown) => Promise<void>;
  createdAt: number;
  lastActivity: number;
  openStreams: number;
  clientName: () => string | undefined;
  /** Set when the client asked to end the session (DELETE), so the close that follows is logged as such. */
  endedByClient?: boolean;
  /** Closes the MCP server and transport; aborts the session's in-flight calls. */
  close: () => Promise<void>;
}

export interface SessionRegistryOptions {
  idleMs?: number;
  maxSessions?: number;
  onClosed?: (session: LiveSession, reason: string) => void;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly idleMs: number;
  readonly maxSessions: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: SessionRegistryOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(60_000, Math.floor(this.idleMs / 4))));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  isFull(): boolean {
    return this.sessions.size >= this.maxSessions;
  }

  add(session: LiveSession): void {
    this.sessions.set(session.id, session);
  }

  /** The session, marked active; undefined for an unknown or expired id, or one of another kind than `accept` allows. */
  touch(id: string, accept?: (kind: SessionKind) => boolean): LiveSession | undefined {
    const session = this.sessions.get(id);
    if (!session || (accept && !accept(session.kind))) return undefined;
    session.lastActivity = Date.now();
    return session;
  }

  /** Tracks a long-lived stream (a GET /mcp or /sse): a session with an open stream never expires. */
  holdStream(session: LiveSession, until: { once(event: 'close', listener: () => void): unknown }): void {
    session.openStreams += 1;
    until.once('close', () => {
      session.openStreams -= 1;
      session.lastActivity = Date.now();
    });
  }

  /** Removes and closes one session; safe to call again or for an unknown id. */
  async close(id: string, reason: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.options.onClosed?.(session, reason);
    await session.close().catch(() => undefined);
  }

  list(now = Date.now()): SessionInfo[] {
    return [...this.sessions.values()].map((session) => {
      const info: SessionInfo = {
        id: session.id,
        kind: session.kind,
        created_at: new Date(session.createdAt).toISOString(),
        idle_ms: session.openStreams > 0 ? 0 : now - session.lastActivity,
        open_streams: session.openStreams,
      };
      const client = session.clientName();
      if (client !== undefined) info.client = client;
      return info;
    });
  }

  sweep(now = Date.now()): void {
    for (const session of this.sessions.values()) {
      if (session.openStreams === 0 && now - session.lastActivity > this.idleMs) void this.close(session.id, 'idle');
    }
  }

  async closeAll(reason: string): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id, reason)));
  }
}
