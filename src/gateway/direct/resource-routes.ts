// Which downstream server a resource URI (or a URI template, a prompt name) belongs to, learned from listings.

/** Routes kept at most per kind; a server listing more still works, through the one-server fallback. */
const MAX_ROUTES = 50_000;

export class RouteTable {
  private readonly exact = new Map<string, string>();
  private templates: Array<{ server: string; template: string; pattern: RegExp }> = [];

  /** Replaces what one listing said about its servers' resources. */
  rememberResources(entries: Iterable<{ server: string; uri: string }>): void {
    for (const { server, uri } of entries) {
      if (this.exact.size >= MAX_ROUTES) this.exact.clear();
      this.exact.set(uri, server);
    }
  }

  rememberTemplates(entries: Iterable<{ server: string; uriTemplate: string }>): void {
    this.templates = [...entries].slice(0, MAX_ROUTES).map(({ server, uriTemplate }) => ({ server, template: uriTemplate, pattern: templatePattern(uriTemplate) }));
  }

  /** The server that listed `uri`, or whose template matches it. */
  serverOfUri(uri: string): string | undefined {
    return this.exact.get(uri) ?? this.templates.find((entry) => entry.pattern.test(uri))?.server;
  }

  /** The server that listed this exact template (completion requests name templates, not URIs). */
  serverOfTemplate(uriTemplate: string): string | undefined {
    return this.templates.find((entry) => entry.template === uriTemplate)?.server;
  }
}

/** RFC 6570 level 1-2 templates as a pattern: `{x}` matches one path segment, `{+x}` and `{#x}` anything. */
export function templatePattern(template: string): RegExp {
  let source = '';
  let last = 0;
  for (const match of template.matchAll(/\{([+#./;?&]?)[^}]*\}/g)) {
    source += escape(template.slice(last, match.index));
    const operator = match[1];
    source += operator === '+' || operator === '#' ? '.*' : operator === '?' || operator === '&' ? '(?:[?&].*)?' : '[^/?#]*';
    last = (match.index ?? 0) + match[0].length;
  }
  source += escape(template.slice(last));
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
