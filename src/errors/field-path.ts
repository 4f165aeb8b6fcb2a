// How a field inside a config, policy or argument object is named in error messages.

/** `['args', 2]` → `args[2]`, `['tools', 'deny', 1]` → `tools.deny[1]`, `['env', 'MY-VAR']` → `env["MY-VAR"]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(key))) text += text === '' ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
