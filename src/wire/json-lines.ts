// Newline-delimited JSON-RPC framing for stdio, with a size cap and tolerance for non-JSON lines.
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** A single line larger than this is refused (a flood must not exhaust memory). */
export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface JsonLineDecoderOptions {
  maxLineBytes?: number;
  onMessage: (message: JSONRPCMessage) => void;
  /** A line that is not a JSON-RPC object (a banner, a debug print); it is skipped. */
  onGarbage?: (line: string) => void;
  /** The pending line passed maxLineBytes; it was dropped. */
  onOverflow?: (limit: number) => void;
}

/**
 * Splits a byte stream into lines and parses each as JSON. There is deliberately no schema check: the
 * SDK's Protocol type-checks every message it dispatches, and a second full zod parse per message costs
 * latency on every call through the gateway.
 */
export class JsonLineDecoder {
  private pending: Buffer | undefined;
  private readonly limit: number;

  constructor(private readonly options: JsonLineDecoderOptions) {
    this.limit = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let newline = buffer.indexOf(NEWLINE);
    while (newline !== -1) {
      this.decodeLine(buffer.toString('utf8', 0, newline));
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(NEWLINE);
    }
    this.pending = buffer.length ? buffer : undefined;
    if (buffer.length > this.limit) {
      this.pending = undefined;
      this.options.onOverflow?.(this.limit);
    }
  }

  clear(): void {
    this.pending = undefined;
  }

  private decodeLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      message = undefined;
    }
    if (typeof message === 'object' && message !== null && (message as { jsonrpc?: unknown }).jsonrpc === '2.0') {
      this.options.onMessage(message as JSONRPCMessage);
      return;
    }
    this.options.onGarbage?.(line.length > 200 ? `${line.slice(0, 200)}...` : line);
  }
}

export function encodeMessage(message: JSONRPCMessage): string {
  return `${JSON.stringify(message)}\n`;
}
