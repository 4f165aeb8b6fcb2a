// Per-session token accounting: what each session's tool listing and meta-tool answers cost, counted off
// the call path, against what a flat tools/list of the same downstream tools would cost.
import { ESTIMATE_TOKEN_COUNTER, loadTokenCounter, type TokenCounter } from '../policy/token-counter.js';
import { sessionLabel } from './session-label.js';

/** Longer texts are estimated (4 characters a token) instead of tokenized: o200k costs ~1 ms per 10 KB. */
export const MAX_EXACT_CHARS = 64 * 1024;
/** Records waiting to be counted at most; past it new ones are only tallied as uncounted. */
export const MAX_PENDING = 2_000;
/** Sessions kept in the report at most (the least recently active are dropped first). */
export const MAX_SESSIONS = 100;
/** Ended sessions kept in the report at most (the earliest ended are dropped first). */
export const MAX_CLOSED_SESSIONS = 20;
/**
 * Until a report is asked for, the tokenizer (~50 MB of memory, ~200 ms to load) stays unloaded and
 * answers wait as text, up to this many characters in all (about as many bytes of memory); past it they
 * are estimated at once.
 */
export const MAX_HELD_CHARS = 1024 * 1024;
// At most MAX_PENDING answers are held either (each costs a record besides its text).
/** Characters counted per turn of the event loop before yielding to calls waiting behind it. */
const CHARS_PER_SLICE = 256 * 1024;

/** One tool as a flat tools/list would expose it. */
export interface FlatTool {
  name: string;
  description?: string;
  inputSchema: unknown;
}

export interface SessionTokens {
  /** Opaque, stable for the session's life; the id itself only in the owner's view (TokenView.withIds). */
  label: string;
  session_id?: string;
  /** The session that asked for the report. */
  current?: true;
  client?: string;
  listings: number;
  /** Tokens of the tools/list answers this session received. */
  listing_tokens: number;
  /** catalog_search, describe and every other meta-tool answer except invoke results. */
  discovery_calls: number;
  discovery_tokens: number;
  /** Downstream results passed back by invoke: a flat exposure pays these too. */
  invoke_calls: number;
  invoke_result_tokens: number;
  /** Answers not counted because the queue was full. */
  uncounted: number;
  /** The session has ended (its figures are kept for `status`, among the last MAX_CLOSED_SESSIONS ended). */
  closed?: true;
  /** Flat listing tokens minus what this session paid for listing and discovery (once per listing). */
  saved_tokens?: number;
}

export interface TokenReport {
  /** `o200k`: every figure tokenized; `estimate`: the tokenizer did not load; `mixed`: long texts estimated. */
  method: 'o200k' | 'estimate' | 'mixed';
  /** Counting runs after the answer is sent; figures still queued are not in the totals yet. */
  pending: number;
  flat_exposure: { tools: number; tokens: number; uncounted_tools: number };
  sessions: SessionTokens[];
}

/** Who reads a report: `viewer` is the asking session (marked `current`); `withIds` is for the owner's eyes only (the control socket). */
export interface TokenView {
  viewer?: string;
  withIds?: boolean;
}

export interface TokenLedgerOptions {
  /** The downstream tools a flat exposure would list now (allowed by policy, configured). */
  flatTools: () => readonly FlatTool[];
  /** Defaults to the shared o200k counter of src/policy/token-counter.ts. */
  loadCounter?: () => Promise<TokenCounter>;
  /** Clients whose sessions are not a model's context (toolgate's own CLI): not counted. */
  ignoreClients?: readonly string[];
}

type Record_ = { session: string; kind: 'listing' | 'discovery' | 'invoke' | 'flat'; value: unknown; text?: string };

/** A session's figures, by id; the id never leaves the ledger unless the view asks for it. */
type SessionEntry = Omit<SessionTokens, 'session_id' | 'current' | 'saved_tokens'>;

export class TokenLedger {
  private readonly sessions = new Map<string, SessionEntry>();
  private closedCount = 0;
  private readonly queue: Record_[] = [];
  /** Tokens of each flat tool, by object: callers hand the same object for an unchanged tool. */
  private readonly flatCounts = new WeakMap<object, number>();
  private readonly flatQueued = new WeakSet<object>();
  /** Serialized records waiting for the tokenizer, which loads on the first report. */
  private readonly held: Record_[] = [];
  private heldChars = 0;
  private draining = false;
  private estimated = false;
  private counter: TokenCounter | undefined;
  private loadingCounter: Promise<void> | undefined;

  constructor(private readonly options: TokenLedgerOptions) {}

  /** O(1) on the call path: the listing is serialized and counted later. */
  recordListing(sessionId: string, tools: unknown, client?: string): void {
    if (this.ignores(client)) return;
    const session = this.session(sessionId, client);
    session.listings++;
    this.enqueue(session, { session: sessionId, kind: 'listing', value: tools });
  }

  /** O(1) on the call path; `metaTool` is the base name (`invoke`, `catalog_search`, ...). */
  recordAnswer(sessionId: string, metaTool: string | undefined, result: unknown, client?: string): void {
    if (this.ignores(client)) return;
    const session = this.session(sessionId, client);
    const kind = metaTool === 'invoke' ? 'invoke' : 'discovery';
    if (kind === 'invoke') session.invoke_calls++;
    else session.discovery_calls++;
    this.enqueue(session, { session: sessionId, kind, value: result });
  }

  /** Marks a session ended; its figures stay in the report, flagged `closed`, until MAX_CLOSED_SESSIONS later ones ended. */
  endSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.closed) return;
    session.closed = true;
    this.closedCount++;
    // Map order is least recently active first: the closed session seen longest ago goes first.
    for (const [id, entry] of this.sessions) {
      if (this.closedCount <= MAX_CLOSED_SESSIONS) break;
      if (!entry.closed) continue;
      this.sessions.delete(id);
      this.closedCount--;
    }
  }

  private ignores(client: string | undefined): boolean {
    return client !== undefined && (this.options.ignoreClients?.includes(client) ?? false);
  }

  /** Resolves once every record queued so far is counted, or held for a tokenizer no report has asked for yet (for tests and the benchmark). */
  async settled(): Promise<void> {
    await this.loadingCounter;
    while (this.queue.length || this.draining) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Figures so far; the first report also loads the tokenizer, and held answers are counted exactly once it is in. */
  report(view: TokenView = {}): TokenReport {
    this.loadingCounter ??= (this.options.loadCounter ?? loadTokenCounter)().then((counter) => {
      this.counter = counter;
      this.queue.unshift(...this.held.splice(0));
      this.heldChars = 0;
      // Queues the flat tools again, now for the tokenizer, and schedules the drain of everything queued.
      this.flatExposure();
    });
    const flat = this.flatExposure();
    const sessions = [...this.sessions].map(([id, session]): SessionTokens => ({
      ...session,
      ...(view.withIds ? { session_id: id } : {}),
      ...(id === view.viewer ? { current: true as const } : {}),
      saved_tokens: flat.tokens * session.listings - session.listing_tokens - session.discovery_tokens,
    }));
    const method =
      !this.counter || this.counter === ESTIMATE_TOKEN_COUNTER ? 'estimate' : this.estimated ? 'mixed' : 'o200k';
    return { method, pending: this.queue.length + this.held.length, flat_exposure: flat, sessions };
  }

  private session(id: string, client?: string): SessionEntry {
    let session = this.sessions.get(id);
    if (session) this.sessions.delete(id);
    else {
      session = {
        label: sessionLabel(id),
        listings: 0,
        listing_tokens: 0,
        discovery_calls: 0,
        discovery_tokens: 0,
        invoke_calls: 0,
        invoke_result_tokens: 0,
        uncounted: 0,
      };
      if (this.sessions.size >= MAX_SESSIONS) {
        const [oldest, entry] = this.sessions.entries().next().value as [string, SessionEntry];
        this.sessions.delete(oldest);
        if (entry.closed) this.closedCount--;
      }
    }
    if (client) session.client = client;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently active.
    this.sessions.set(id, session);
    return session;
  }

  private enqueue(session: SessionEntry, record: Record_): void {
    if (this.queue.length >= MAX_PENDING) {
      session.uncounted++;
      return;
    }
    this.queue.push(record);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  /** Counts queued records a slice at a time, yielding between slices so calls never wait long; holds them as text while no tokenizer is loaded. */
  private async drain(): Promise<void> {
    try {
      let budget = CHARS_PER_SLICE;
      for (let record = this.queue.shift(); record; record = this.queue.shift()) {
        const text = record.text ?? JSON.stringify(record.value) ?? '';
        if (!this.counter) {
          if (record.kind === 'flat') {
            // Counted exactly at a later report; until then the report estimates it.
            this.flatQueued.delete(record.value as object);
            continue;
          }
          if (this.held.length < MAX_PENDING && this.heldChars + text.length <= MAX_HELD_CHARS) {
            this.held.push({ session: record.session, kind: record.kind, value: undefined, text });
            this.heldChars += text.length;
            continue;
          }
        }
        this.tally(record, this.count(text));
        budget -= text.length;
        if (budget <= 0) {
          budget = CHARS_PER_SLICE;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private tally(record: Record_, tokens: number): void {
    if (record.kind === 'flat') this.flatCounts.set(record.value as object, tokens);
    const session = this.sessions.get(record.session);
    if (!session) return;
    if (record.kind === 'listing') session.listing_tokens += tokens;
    else if (record.kind === 'invoke') session.invoke_result_tokens += tokens;
    else session.discovery_tokens += tokens;
  }

  private count(text: string): number {
    if (!this.counter || text.length > MAX_EXACT_CHARS) {
      this.estimated = true;
      return ESTIMATE_TOKEN_COUNTER.count(text);
    }
    return this.counter.count(text);
  }

  /**
   * Sum of per-tool counts (each tool's JSON as tools/list sends it). A tool not counted yet is estimated
   * here and queued for the tokenizer, so a health report never waits on counting.
   */
  private flatExposure(): TokenReport['flat_exposure'] {
    const tools = this.options.flatTools();
    let tokens = 0;
    let uncounted = 0;
    for (const tool of tools) {
      const count = this.flatCounts.get(tool);
      if (count !== undefined) {
        tokens += count;
        continue;
      }
      uncounted++;
      tokens += ESTIMATE_TOKEN_COUNTER.count(JSON.stringify(tool));
      if (!this.flatQueued.has(tool) && this.queue.length < MAX_PENDING) {
        this.flatQueued.add(tool);
        this.queue.push({ session: '', kind: 'flat', value: tool });
      }
    }
    if (this.queue.length) this.scheduleDrain();
    return { tools: tools.length, tokens, uncounted_tools: uncounted };
  }
}
