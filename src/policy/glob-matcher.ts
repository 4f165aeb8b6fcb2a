// Compiles policy globs over plain names (`server`, `server::tool`) into regular expressions.
import picomatch from 'picomatch';

// picomatch is a path matcher: `*` stops at `/`, and a leading `.` needs `dot`. Tool names are not
// paths, and some contain `/` (`ns/tool`), so `/` is swapped for a character no name contains on both
// sides; `*` then spans the whole name and `**` means the same as `*`.
const SLASH_STAND_IN = '\u0001';

const OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  // Keep `\` an escape character on every platform rather than a path separator on Windows.
  windows: false,
  // Negation is refused by the schema; this keeps a stray `!` literal if a glob arrives from elsewhere.
  nonegate: true,
};

export function compileGlob(glob: string): RegExp {
  return picomatch.makeRe(glob.replaceAll('/', SLASH_STAND_IN), OPTIONS);
}

/** The name in the form compiled globs expect. */
export function toMatchSubject(name: string): string {
  return name.includes('/') ? name.replaceAll('/', SLASH_STAND_IN) : name;
}
