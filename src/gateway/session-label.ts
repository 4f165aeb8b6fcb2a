// What one session may learn about another: an opaque label, never its id (an id lets a client act in that session).
import { createHmac, randomBytes } from 'node:crypto';

/** A new key per process: labels cannot be matched across runs, nor turned back into ids. */
const LABEL_KEY = randomBytes(32);

/** `s-` and 12 hex digits of a keyed hash of the id: stable for the session's life, useless as an id. */
export function sessionLabel(sessionId: string): string {
  return `s-${createHmac('sha256', LABEL_KEY).update(sessionId).digest('hex').slice(0, 12)}`;
}
