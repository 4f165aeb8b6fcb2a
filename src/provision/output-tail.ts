// The last lines of a command's output, kept small so a job's status never carries a whole npm log.

/** Lines kept per job; older ones are dropped. */
export const DEFAULT_TAIL_LINES = 40;
/** A longer line is cut: one minified stack trace must not fill the tail. */
export const MAX_TAIL_LINE_CHARS = 400;

export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = DEFAULT_TAIL_LINES) {}

  /** Appends raw output; text without a final newline waits for the rest of its line. */
  write(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line);
  }

  /** Adds one whole line (a step toolgate itself reports). */
  push(line: string): void {
    const trimmed = line.replace(/\s+$/, '');
    if (!trimmed) return;
    this.lines.push(trimmed.length > MAX_TAIL_LINE_CHARS ? `${trimmed.slice(0, MAX_TAIL_LINE_CHARS - 3)}...` : trimmed);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The kept lines, with any unfinished last line. */
  snapshot(): string[] {
    return this.partial ? [...this.lines, this.partial.slice(0, MAX_TAIL_LINE_CHARS)] : [...this.lines];
  }
}
