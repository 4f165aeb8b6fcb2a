// How every CLI command prints: stable JSON for --json, readable text otherwise, problems set exit code 1.
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * What a terminal may act on rather than show: C0 controls (ESC starts CSI and OSC sequences, CR overwrites a
 * line), DEL, C1 controls (U+009B is a one-character CSI) and the bidi overrides and isolates that reorder
 * what is shown. Tab and newline are left to `escapeControls`'s caller.
 */
// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from outside (tool ids, client names, server output) made safe for a terminal: each control character
 * becomes a visible escape (`\u001b`, `\r`). Inside JSON text those escapes are valid JSON for the same
 * character, so JSON output stays JSON and parses back unchanged. `oneLine`: newline and tab too, for a value
 * shown inside one line (a newline there would forge a line of its own).
 */
export function escapeControls(text: string, oneLine = false): string {
  return text.replace(
    oneLine ? CONTROL_OR_LINE_BREAK : CONTROL_CHARACTERS,
    (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value shown inside one line of human output: every control character visible, newlines included. */
export function oneLine(value: unknown): string {
  return escapeControls(String(value), true);
}

/** `--json` output: one JSON document on stdout, stable keys, nothing else on stdout. */
export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}

/** Every line the CLI prints goes through here (or printError): no control character reaches the terminal raw. */
export function printLine(text = ''): void {
  process.stdout.write(`${escapeControls(text)}\n`);
}

/** A line on stderr, made safe the same way. */
export function printError(text: string): void {
  process.stderr.write(`${escapeControls(text)}\n`);
}

/** The command found problems (doctor's failed check, an unreachable service): exit 1 after printing. */
export function markFailure(): void {
  process.exitCode = EXIT_FAILURE;
}
