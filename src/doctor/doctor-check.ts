// The shape of one doctor finding and of the whole report (the `doctor --json` output).

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable kind of check, e.g. `node-version`, `config-file`, `server-command`. */
  id: string;
  status: CheckStatus;
  /** One line: what was found. */
  message: string;
  /** One line: what to do; present for warn and fail. */
  fix?: string;
  /** What was checked when a kind repeats: a file, a server, a client. */
  subject?: string;
}

export interface DoctorReport {
  /** False when any check failed (warnings do not count). */
  ok: boolean;
  checks: CheckResult[];
}

export function check(
  id: string,
  status: CheckStatus,
  message: string,
  extra: { fix?: string; subject?: string } = {},
): CheckResult {
  return {
    id,
    status,
    message,
    ...(extra.subject === undefined ? {} : { subject: extra.subject }),
    ...(extra.fix === undefined ? {} : { fix: extra.fix }),
  };
}
