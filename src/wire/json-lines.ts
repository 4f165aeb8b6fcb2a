// Newline-delimited JSON-RPC framing for stdio, with a size cap and tolerance for non-JSON lines.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { admitMessage, type Admission } from './deep-messages.js';

/** A single line larger than this is refused (a flood must not exhaust memory). */
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface JsonLineDecoderOptions {
  maxLineBytes?: number;
  onMessage: (message: JSONRPCMessage) => void;
  /** A line that is not a JSON-RPC object (a banner, a debug print); it is skipped. */
  onGarbage?: (line: string) => void;
  /** A message nested past MAX_JSON_DEPTH that is not passed on (see admitMessage): answer the sender, note the drop. */
  onRefused?: (refusal: Extract<Admission, { kind: 'refuse' }>) => void;
  /** The pending line passed maxLineBytes; it was dropped. */
  onOverflow?: (limit: number) => void;
}

/**
 * Splits a byte stream into lines and parses each as JSON. There is deliberately no schema check: the
 * SDK's Protocol type-checks every message it dispatches, and a second full zod parse per message costs
 * latency on every call through the gateway.
 */
export class JsonLineDecoder {
  /** The unfinished line, as the chunks it arrived in: joined once, when its newline comes (linear in its size). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly limit: number;

  constructor(private readonly options: JsonLineDecoderOptions) {
    this.limit = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
    let start = 0;
    // Only the new chunk is searched: a long line arriving in many chunks is never rescanned or recopied.
    let newline = chunk.indexOf(NEWLINE);
    while (newline !== -1) {
      if (this.pendingBytes) {
        this.pending.push(chunk.subarray(start, newline));
        const line = Buffer.concat(this.pending, this.pendingBytes + newline - start);
        this.clear();
        this.decodeLine(line.toString('utf8'));
      } else {
        this.decodeLine(chunk.toString('utf8', start, newline));
      }
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start >= chunk.length) return;
    this.pending.push(chunk.subarray(start));
    this.pendingBytes += chunk.length - start;
    if (this.pendingBytes > this.limit) {
      this.clear();
      this.options.onOverflow?.(this.limit);
    }
  }

  clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }

  private decodeLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    let message: unknown;
    // A JSON-RPC message is an object: other lines (a flood of log output) skip the costly failed parse.
    if (line.trimStart().startsWith('{')) {
      try {
        message = JSON.parse(line);
      } catch {
        message = undefined;
      }
    }
    if (typeof message === 'object' && message !== null && (message as { jsonrpc?: unknown }).jsonrpc === '2.0') {
      // The one depth check of every stdio face: nothing past here walks a message deeper than MAX_JSON_DEPTH.
      const admission = admitMessage(message as JSONRPCMessage);
      if (admission.kind === 'pass') this.options.onMessage(admission.message);
      else if (this.options.onRefused) this.options.onRefused(admission);
      else this.options.onGarbage?.(admission.note);
      return;
    }
    this.options.onGarbage?.(line.length > 200 ? `${line.slice(0, 200)}...` : line);
  }
}

export function encodeMessage(message: JSONRPCMessage): string {
  return `${JSON.stringify(message)}\n`;
}
