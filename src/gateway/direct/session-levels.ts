// The logging levels the flat sessions asked for, and the one level the downstream servers are sent for all of them.
import type { LoggingLevel } from '@modelcontextprotocol/server';
import { LoggingLevelSchema } from '@modelcontextprotocol/core';

const LEVELS = LoggingLevelSchema.options;

/**
 * Downstream servers get one level for every session, so they get the most verbose one any live session
 * asked for; each session then drops what is below its own level. A session that closes stops counting.
 */
export class SessionLevels {
  private readonly bySession = new Map<string, LoggingLevel>();

  set(sessionId: string, level: LoggingLevel): void {
    this.bySession.set(sessionId, level);
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }

  /** The most verbose level asked for; undefined while no session asked (servers keep their own default). */
  effective(): LoggingLevel | undefined {
    let most: number | undefined;
    for (const level of this.bySession.values()) {
      const at = LEVELS.indexOf(level);
      if (most === undefined || at < most) most = at;
    }
    return most === undefined ? undefined : LEVELS[most];
  }
}

/** A log message passes when it is at least as severe as `threshold` (all pass while none is set). */
export function admitsLevel(threshold: LoggingLevel | undefined, messageLevel: unknown): boolean {
  if (threshold === undefined) return true;
  const at = LEVELS.indexOf(messageLevel as LoggingLevel);
  return at === -1 || at >= LEVELS.indexOf(threshold);
}
