// The environment the wrapped server inherits: toolgate's own, minus the variables meant for toolgate alone.

/**
 * A copy of `env` without the `withheld` variables (toolgate's credentials: the server has no use for them, and
 * anything it holds it may print or pass on). Everything else stays: the server needs PATH, HOME and its own.
 * Names match exactly, or ignoring case on Windows, where variable names are case-insensitive.
 */
export function createServerEnv(
  env: NodeJS.ProcessEnv,
  withheld: readonly string[],
  platform: NodeJS.Platform = process.platform,
): NodeJS.ProcessEnv {
  const normalize = platform === 'win32' ? (name: string) => name.toUpperCase() : (name: string) => name;
  const names = new Set(withheld.map(normalize));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.has(normalize(name))));
}
