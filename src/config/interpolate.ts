// `${VAR}` and `${VAR:-default}` expansion of config values, pure over a given environment.

/** `$${` is an escape for a literal `${`; any other `$` (including `$$`) is kept as written. */
const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type InterpolationResult = { value: string } | { missing: string };

/** Hears each reference expanded, with the text it became (the default, when that was used). */
export type OnReference = (name: string, value: string) => void;

/**
 * Expands variable references in `value`. Like a shell, `:-` also applies the default when the
 * variable is set but empty. The first variable that is unset and has no default is reported by
 * name only, so that callers never have a value to leak into a message.
 */
export function interpolate(
  value: string,
  env: Record<string, string | undefined>,
  onReference?: OnReference,
): InterpolationResult {
  // Fast path: most values hold no reference at all.
  if (!value.includes('${')) return { value };
  let missing: string | undefined;
  const expanded = value.replace(
    REFERENCE,
    (whole, escape: string | undefined, name: string, fallback: string | undefined) => {
      if (escape !== undefined) return whole.slice(1);
      const current = env[name];
      if (current === undefined && fallback === undefined) {
        missing ??= name;
        return '';
      }
      const text = fallback !== undefined && (current === undefined || current === '') ? fallback : (current as string);
      onReference?.(name, text);
      return text;
    },
  );
  return missing === undefined ? { value: expanded } : { missing };
}
