// How every CLI command prints: stable JSON for --json, readable text otherwise, problems set exit code 1.
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** `--json` output: one JSON document on stdout, stable keys, nothing else on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** The command found problems (doctor's failed check, an unreachable service): exit 1 after printing. */
export function markFailure(): void {
  process.exitCode = EXIT_FAILURE;
}
