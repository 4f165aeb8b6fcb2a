// How many of one server's stderr lines reach the log: a bounded number per window, the rest counted and reported.

/** At most this many stderr lines of one server are logged per window; the rest are counted, not logged. */
export const MAX_STDERR_LINES_LOGGED = 1_000;
/** The window MAX_STDERR_LINES_LOGGED counts over. */
export const DEFAULT_STDERR_LOG_WINDOW_MS = 60_000;

export interface StderrLogBudgetOptions {
  log: (line: string) => void;
  /** Once when a window's cap is reached, then with the number of lines not logged when the window ends. */
  onOverflow: (dropped: number) => void;
  maxLines?: number;
  windowMs?: number;
  now?: () => number;
}

/**
 * A server writing a million short lines made the gateway log each one (JSON, redaction, a write): seconds of
 * CPU and tens of seconds of delay for every other session's calls. Lines past the cap cost a counter increment.
 */
export function budgetStderrLog(options: StderrLogBudgetOptions): (line: string) => void {
  const maxLines = options.maxLines ?? MAX_STDERR_LINES_LOGGED;
  const windowMs = options.windowMs ?? DEFAULT_STDERR_LOG_WINDOW_MS;
  const now = options.now ?? Date.now;
  let windowStart = now();
  let logged = 0;
  let dropped = 0;
  return (line) => {
    const time = now();
    if (time - windowStart >= windowMs) {
      if (dropped > 0) options.onOverflow(dropped);
      windowStart = time;
      logged = 0;
      dropped = 0;
    }
    if (logged < maxLines) {
      logged += 1;
      options.log(line);
      return;
    }
    if (dropped === 0) options.onOverflow(0);
    dropped += 1;
  };
}
