// The real logger: JSON lines under TOOLGATE_HOME/logs, never on stdout (stdout is the MCP channel).
import fs from 'node:fs';
import path from 'node:path';
import { pino, type Level } from 'pino';
import { DEFAULT_LOG_LEVEL, type LogLevel } from '../settings/setting-defaults.js';
import type { Logger } from './logger.js';
import { createRedactingLogger } from './redacting-logger.js';
import { createRotatingDestination, rotateIfLarge } from './rotating-destination.js';
import type { TextRedactor } from './sanitize-log-fields.js';

/** A log file past this size is rotated (kept as `.1`), at start and while running, so logs never grow without bound. */
export const DEFAULT_MAX_LOG_BYTES = 20 * 1024 * 1024;
export const LOG_FILE_NAME = 'toolgate.jsonl';

export interface FileLoggerOptions {
  logsDir: string;
  /** The `logLevel` setting (TOOLGATE_LOG_LEVEL); default `info`. */
  level?: LogLevel;
  /** Also write warnings and errors to stderr (MCP clients show a server's stderr in their logs). */
  stderr?: boolean;
  maxBytes?: number;
  /** Replaces secrets in every logged string; default: none. `setRedactor` swaps it later. */
  redact?: TextRedactor;
}

export interface FileLogger {
  logger: Logger;
  file: string;
  /** Secrets change on refresh: every record from now on (children included) goes through `redact`. */
  setRedactor(redact: TextRedactor): void;
  /** Flushes pending lines; call once at shutdown. */
  flush(): void;
}

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const level: Level = options.level ?? DEFAULT_LOG_LEVEL;
  fs.mkdirSync(options.logsDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.logsDir, LOG_FILE_NAME);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  rotateIfLarge(file, maxBytes);
  const destination = pino.destination({ dest: file, sync: false, mkdir: true });
  const streams: { level: Level; stream: NodeJS.WritableStream | pino.DestinationStream }[] = [
    { level, stream: createRotatingDestination(destination, file, maxBytes) },
  ];
  if (options.stderr) streams.push({ level: 'warn', stream: pino.destination({ dest: 2, sync: true }) });
  const target = pino(
    { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  let redact: TextRedactor = options.redact ?? ((text) => text);
  return {
    // Redaction (secret keys at any depth, secret values in every string) happens before pino sees a record.
    logger: createRedactingLogger(target, () => redact),
    file,
    setRedactor: (next) => {
      redact = next;
    },
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Not ready yet or already closed: nothing was pending.
      }
    },
  };
}
