// Which downstream server a resource URI (or a URI template, a prompt name) belongs to, learned from listings.

/** Routes kept at most per kind; a server listing more still works, through the one-server fallback. */
const MAX_ROUTES = 50_000;

export class RouteTable {
  private readonly exact = new Map<string, string>();
  private templates: Array<{ server: string; template: string; pattern: RegExp; literal: number }> = [];

  /** Replaces what one listing said about its servers' resources. */
  rememberResources(entries: Iterable<{ server: string; uri: string }>): void {
    for (const { server, uri } of entries) {
      if (this.exact.size >= MAX_ROUTES) this.exact.clear();
      this.exact.set(uri, server);
    }
  }

  rememberTemplates(entries: Iterable<{ server: string; uriTemplate: string }>): void {
    this.templates = [...entries]
      .slice(0, MAX_ROUTES)
      .map(({ server, uriTemplate }) => ({
        server,
        template: uriTemplate,
        pattern: templatePattern(uriTemplate),
        literal: literalLength(uriTemplate),
      }))
      // The most specific template first: `file:///logs/{name}` wins over another server's `file:///{+path}`.
      .sort((a, b) => b.literal - a.literal);
  }

  /** The server that listed `uri`, or whose most specific template (most literal characters) matches it. */
  serverOfUri(uri: string): string | undefined {
    return this.exact.get(uri) ?? this.templates.find((entry) => entry.pattern.test(uri))?.server;
  }

  /** The server that listed this exact template (completion requests name templates, not URIs). */
  serverOfTemplate(uriTemplate: string): string | undefined {
    return this.templates.find((entry) => entry.template === uriTemplate)?.server;
  }
}

const EXPRESSION = /\{([+#./;?&]?)[^}]*\}/g;

/**
 * RFC 6570 templates (levels 1-4) as a pattern over expanded URIs: `{x}` one path segment, `{+x}` anything,
 * `{#x}` an optional fragment, `{/x}` path segments, `{.x}` dot-prefixed labels, `{;x}` path parameters,
 * `{?x}` and `{&x}` a query part. An undefined variable expands to nothing, so each may match empty.
 */
export function templatePattern(template: string): RegExp {
  let source = '';
  let last = 0;
  for (const match of template.matchAll(EXPRESSION)) {
    source += escape(template.slice(last, match.index));
    source += OPERATOR_PATTERNS[match[1] ?? ''] ?? SEGMENT;
    last = (match.index ?? 0) + match[0].length;
  }
  source += escape(template.slice(last));
  return new RegExp(`^${source}$`, 's');
}

const SEGMENT = '[^/?#]*';
const OPERATOR_PATTERNS: Record<string, string> = {
  '': SEGMENT,
  '+': '.*',
  '#': '(?:#.*)?',
  '/': '(?:/[^/?#]*)*',
  '.': '(?:\\.[^/?#.]*)*',
  ';': '(?:;[^/?#]*)*',
  '?': '(?:\\?[^#]*)?',
  '&': '(?:&[^#]*)?',
};

/** Characters outside expressions: how specific a template is. */
function literalLength(template: string): number {
  return template.replace(EXPRESSION, '').length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
