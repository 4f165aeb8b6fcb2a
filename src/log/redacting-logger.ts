// A Logger over pino that sanitizes every record (fields, message, child bindings) before pino sees it.
import type { Logger } from './logger.js';
import { sanitizeLogValue, type TextRedactor } from './sanitize-log-fields.js';

type Method = 'debug' | 'info' | 'warn' | 'error';

/** The part of a pino logger this wrapper uses. */
export interface PinoLike {
  isLevelEnabled(level: string): boolean;
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): PinoLike;
}

/** `currentRedactor` is read on each record, so secrets learnt later (a refresh) apply to older children too. */
export function createRedactingLogger(target: PinoLike, currentRedactor: () => TextRedactor): Logger {
  const write = (method: Method) => (fields: object, message?: string) => {
    // A disabled level costs nothing: no walk over the fields.
    if (!target.isLevelEnabled(method)) return;
    const redact = currentRedactor();
    const safe = sanitizeLogValue(fields, redact) as object;
    if (message === undefined) target[method](safe);
    else target[method](safe, redact(message));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (bindings) =>
      createRedactingLogger(target.child(sanitizeLogValue(bindings, currentRedactor()) as object), currentRedactor),
  };
}
