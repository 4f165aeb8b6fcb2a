// One side of the proxy: JSON-RPC messages read line by line from a stream, and written one line each to another.
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { encodeMessage, JsonLineDecoder } from '../wire/json-lines.js';

export interface MessageChannelOptions {
  /** Where messages come from (the client's stdin, the child's stdout). */
  input: Readable;
  /** Where messages to this side go (our stdout, the child's stdin). */
  output: Writable;
  /** A line longer than this is dropped unread (it cannot even be answered). */
  maxLineBytes: number;
  onMessage: (message: JSONRPCMessage) => void;
  /** A line that is not JSON-RPC, or a line over maxLineBytes: dropped, and said why. */
  onDropped: (what: string) => void;
  /** Quote the start of a dropped line in onDropped: yes for a server's stray prints; never for the client's lines, which may hold arguments. */
  quoteDropped: boolean;
  /** A message from `input` nested past MAX_JSON_DEPTH and not passed on: `answer` (if any) goes back to its sender. */
  onRefused: (answer: JSONRPCMessage | undefined, note: string) => void;
  /** The input ended (EOF, or closed). */
  onEnd: () => void;
  /** Writes to `output` are waiting for it to drain (true), or it drained (false). */
  onFull?: (full: boolean) => void;
}

export class MessageChannel {
  private ended = false;
  private full = false;

  constructor(private readonly options: MessageChannelOptions) {
    const decoder = new JsonLineDecoder({
      maxLineBytes: options.maxLineBytes,
      onMessage: options.onMessage,
      onGarbage: (line) => options.onDropped(describeGarbage(line, options.quoteDropped)),
      onOverflow: (limit) => options.onDropped(`a line over ${limit} bytes (the rest of it follows as noise)`),
      onRefused: ({ answer, note }) => options.onRefused(answer, note),
    });
    options.input.on('data', (chunk: Buffer | string) =>
      decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    const end = () => {
      if (this.ended) return;
      this.ended = true;
      options.onEnd();
    };
    options.input.once('end', end);
    options.input.once('close', end);
    options.input.on('error', end);
    // A reader that went away (EPIPE) must not crash the proxy: its end is noticed on the other stream.
    options.output.on('error', () => undefined);
    options.output.on('drain', () => this.setFull(false));
  }

  /** Writes one message as one line; a full pipe is reported through onFull, never buffered without bound by us. */
  send(message: JSONRPCMessage): void {
    const { output } = this.options;
    if (output.destroyed || output.writableEnded) return;
    if (!output.write(encodeMessage(message))) this.setFull(true);
  }

  pause(): void {
    this.options.input.pause();
  }

  resume(): void {
    if (!this.ended) this.options.input.resume();
  }

  private setFull(full: boolean): void {
    if (this.full === full) return;
    this.full = full;
    this.options.onFull?.(full);
  }
}

/** MCP dropped JSON-RPC batches (2025-06-18); the decoder hands over lines that are JSON objects only, so an array lands here. */
function describeGarbage(line: string, quote: boolean): string {
  if (line.trimStart().startsWith('['))
    return 'a JSON-RPC batch (an array), which MCP no longer supports: send each message on a line of its own';
  return quote
    ? `a line that is not JSON-RPC: ${line.slice(0, 120)}`
    : 'a line that is not JSON-RPC (not shown: it may hold arguments)';
}
