// Splits a server's stderr into lines in linear time, each cut at a bounded length, keeping a bounded tail for error reports.

/** A stderr line longer than this is cut (with a note) and the rest of it dropped until its newline. */
export const MAX_STDERR_LINE_CHARS = 8 * 1024;

export interface StderrLinesOptions {
  /** Lines kept for the crash report, newest last. */
  tailLines: number;
  /** Default MAX_STDERR_LINE_CHARS. */
  maxLineChars?: number;
  onLine?: (line: string) => void;
}

/**
 * A server may write megabytes without a newline: the unfinished line is held as a list of pieces (never
 * re-joined per chunk, which was quadratic) and never beyond the cap, so memory per server is bounded by
 * roughly (tailLines + 1) × maxLineChars whatever the server writes.
 */
export class StderrLines {
  private readonly tail: string[] = [];
  private pieces: string[] = [];
  private partialChars = 0;
  /** The current line was cut: its rest is dropped up to the next newline. */
  private cutting = false;

  constructor(private readonly options: StderrLinesOptions) {}

  private get maxChars(): number {
    return this.options.maxLineChars ?? MAX_STDERR_LINE_CHARS;
  }

  push(chunk: string): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      this.append(chunk.slice(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** The last complete lines and the unfinished one (at most the cap), oldest first. */
  recent(): string[] {
    const partial = this.cutting ? '' : this.pieces.join('');
    return partial ? [...this.tail, partial] : [...this.tail];
  }

  private append(piece: string): void {
    if (this.cutting || !piece) return;
    const room = this.maxChars - this.partialChars;
    if (piece.length <= room) {
      this.pieces.push(piece);
      this.partialChars += piece.length;
      return;
    }
    this.pieces.push(piece.slice(0, room));
    this.emit(`${this.takePartial()} … [line cut at ${this.maxChars} characters; the rest of it was dropped]`);
    this.cutting = true;
  }

  private endLine(): void {
    const line = this.takePartial().replace(/\r$/, '');
    if (!this.cutting && line) this.emit(line);
    this.cutting = false;
  }

  private takePartial(): string {
    const text = this.pieces.join('');
    this.pieces = [];
    this.partialChars = 0;
    return text;
  }

  private emit(line: string): void {
    this.tail.push(line);
    if (this.tail.length > this.options.tailLines) this.tail.shift();
    this.options.onLine?.(line);
  }
}
