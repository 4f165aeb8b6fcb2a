// The one line a person sees when they start the stdio gateway by hand at a terminal.

/**
 * Shown on stderr when stdin is a terminal: the stdio gateway then waits for MCP messages that a person
 * will not type, and printed nothing at all. With stdin from a client (a pipe) nothing is printed, since a
 * client may show the server's stderr to its user.
 */
export const TERMINAL_NOTICE =
  'toolgate is an MCP server: it is now waiting for an MCP client on stdin/stdout, and typing here does nothing. ' +
  'To use it, add it to your client with `toolgate setup --client <client>` (`toolgate setup --help` lists them); the client then starts it. ' +
  'Press Ctrl-C to quit.';

/** The notice when `stdin` is a terminal, otherwise undefined. */
export function terminalNotice(stdin: { isTTY?: boolean }): string | undefined {
  return stdin.isTTY === true ? TERMINAL_NOTICE : undefined;
}
