// The upstream side of stdio: MCP messages on this process's stdin/stdout; closes when stdin ends.
import type { Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import { capClientInfo } from '../wire/client-info.js';
import { encodeMessage, JsonLineDecoder } from '../wire/json-lines.js';

/** A client message larger than this is dropped with an error (it cannot be a sane tool call). */
export const DEFAULT_MAX_CLIENT_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface StdioServerTransportOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  maxMessageBytes?: number;
  onGarbageLine?: (line: string) => void;
}

export class StdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: NodeJS.ReadableStream;
  private readonly stdout: NodeJS.WritableStream;
  private readonly decoder: JsonLineDecoder;
  private closed = false;
  private readonly onData = (chunk: Buffer) => this.decoder.push(chunk);
  private readonly onEnd = () => void this.close();
  private readonly onError = (error: Error) => this.onerror?.(error);

  constructor(options: StdioServerTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_CLIENT_MESSAGE_BYTES;
    this.decoder = new JsonLineDecoder({
      maxLineBytes: limit,
      onMessage: (message) => this.onmessage?.(capClientInfo(message)),
      onGarbage: (line) => options.onGarbageLine?.(line),
      // Too deep to take: a request gets its error answer here; the client hears nothing of a dropped notification.
      onRefused: ({ answer, note }) => {
        if (answer) void this.send(answer);
        this.onerror?.(new Error(note));
      },
      onOverflow: () => this.onerror?.(new Error(`A client message exceeded ${limit} bytes and was dropped.`)),
    });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('close', this.onEnd);
    this.stdin.on('error', this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(encodeMessage(message))) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('close', this.onEnd);
    this.stdin.off('error', this.onError);
    this.decoder.clear();
    this.onclose?.();
  }
}
