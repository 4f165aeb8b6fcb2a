// The wrapped server's tools, learnt from its answers to the client's tools/list requests (every page): what a call's find-tool stage looks up.
import { normalizeTools, type DownstreamTool } from '../downstream/downstream-tool.js';
import { GatewayError } from '../errors/index.js';
import { idKey, paramsOf, type RequestId } from './json-rpc-shapes.js';

/** tools/list requests awaiting their answer, at most (a client that never gets answers must not grow this). */
const MAX_PENDING_LISTS = 100;
/** Tools remembered at most (a server renaming its tools on every listing must not grow this); the least recently listed go first. */
export const MAX_DECLARED_TOOLS = 10_000;

export class WrappedTools {
  /** Pending tools/list requests by id: true for a first page (no cursor), which starts a new listing. */
  private readonly pendingLists = new Map<string, boolean>();
  private readonly declared = new Map<string, DownstreamTool>();
  /** Names of the listing being read, page by page. */
  private reading = new Set<string>();
  /** Every name of the last listing read to its end; undefined until one was, or after the server said its list changed. */
  private complete: ReadonlySet<string> | undefined;

  /** A client request went to the server: remember it if it lists tools. */
  noteRequest(request: { id: RequestId; method: string; params?: unknown }): void {
    if (request.method !== 'tools/list') return;
    if (this.pendingLists.size >= MAX_PENDING_LISTS) this.pendingLists.clear();
    this.pendingLists.set(idKey(request.id), paramsOf(request).cursor === undefined);
  }

  /** A response from the server: when it answers a tools/list, learn its tools. Never changes the message. */
  noteResponse(response: { id: RequestId; result?: unknown }): void {
    const key = idKey(response.id);
    const firstPage = this.pendingLists.get(key);
    if (firstPage === undefined) return;
    this.pendingLists.delete(key);
    const result = paramsOf({ params: response.result });
    if (!Array.isArray(result.tools)) return;
    if (firstPage) this.reading = new Set();
    for (const tool of normalizeTools(result.tools).tools) {
      // A fresh object per listing: the gates compile a schema once per object, so a changed schema is compiled again.
      this.declared.delete(tool.name);
      this.declared.set(tool.name, tool);
      if (this.reading.size < MAX_DECLARED_TOOLS) this.reading.add(tool.name);
    }
    this.forgetOldest();
    if (result.nextCursor === undefined && this.reading.size < MAX_DECLARED_TOOLS) this.complete = this.reading;
  }

  /** notifications/tools/list_changed: until the client lists again, a name not listed before may exist. */
  noteListChanged(): void {
    this.complete = undefined;
  }

  /**
   * The tool as last listed. A name the last complete listing did not have is TOOL_NOT_FOUND, as in the
   * gateway; a name never listed (the client called without listing, or the list changed since) passes with
   * an open input schema, for the server to judge.
   */
  find(server: string, tool: string): DownstreamTool {
    if (this.complete && !this.complete.has(tool)) {
      throw new GatewayError('TOOL_NOT_FOUND', `Server "${server}" has no tool "${tool}".`, {
        hint: 'Call one of the tools its tools/list answer names; it was not forwarded.',
        details: { tool_id: `${server}::${tool}` },
      });
    }
    return this.declared.get(tool) ?? { name: tool, inputSchema: { type: 'object' } };
  }

  private forgetOldest(): void {
    while (this.declared.size > MAX_DECLARED_TOOLS) {
      const oldest = this.declared.keys().next().value;
      if (oldest === undefined) return;
      this.declared.delete(oldest);
    }
  }
}
