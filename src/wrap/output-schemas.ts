// The outputSchema of each tool, learnt by watching the server's answers to the client's tools/list requests (every page).
import type { OutputDeclaration } from '../gates/call-gates.js';
import { idKey, paramsOf, type RequestId } from './json-rpc-shapes.js';

/** tools/list requests awaiting their answer, at most (a client that never gets answers must not grow this). */
const MAX_PENDING_LISTS = 100;
/** Tools remembered at most (a server renaming its tools on every listing must not grow this); the least recently listed go first. */
export const MAX_DECLARED_TOOLS = 10_000;

export class OutputSchemas {
  private readonly pendingLists = new Set<string>();
  private readonly declared = new Map<string, OutputDeclaration>();

  /** A client request went to the server: remember it if it lists tools. */
  noteRequest(request: { id: RequestId; method: string }): void {
    if (request.method !== 'tools/list') return;
    if (this.pendingLists.size >= MAX_PENDING_LISTS) this.pendingLists.clear();
    this.pendingLists.add(idKey(request.id));
  }

  /** A response from the server: when it answers a tools/list, learn its tools' output schemas. Never changes the message. */
  noteResponse(response: { id: RequestId; result?: unknown }): void {
    if (!this.pendingLists.delete(idKey(response.id))) return;
    const tools = paramsOf({ params: response.result }).tools;
    if (!Array.isArray(tools)) return;
    for (const tool of tools) {
      if (typeof tool !== 'object' || tool === null) continue;
      const { name, outputSchema } = tool as { name?: unknown; outputSchema?: unknown };
      if (typeof name !== 'string') continue;
      // A fresh object per listing: the gate compiles a schema once per object, so a changed schema is compiled again.
      this.declared.delete(name);
      if (typeof outputSchema === 'object' && outputSchema !== null && !Array.isArray(outputSchema))
        this.remember(name, { outputSchema: outputSchema as Record<string, unknown> });
    }
  }

  private remember(name: string, declaration: OutputDeclaration): void {
    this.declared.set(name, declaration);
    if (this.declared.size <= MAX_DECLARED_TOOLS) return;
    const oldest = this.declared.keys().next().value;
    if (oldest !== undefined) this.declared.delete(oldest);
  }

  /** What the tool declared when last listed; undefined when it declared no outputSchema or was never listed. */
  declarationOf(tool: string): OutputDeclaration | undefined {
    return this.declared.get(tool);
  }
}
