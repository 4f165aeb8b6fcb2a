// Doctor: every exposed tool name fits the MCP naming rule and each known client's length limits.
import { CLIENT_NAME_RULES, nameProblem } from '../../clients/client-name-rules.js';
import { EXPOSED_NAME_PATTERN, exposedName, parseMetaToolName, resolveNameStyle } from '../../gateway/tool-names.js';
import { check, type CheckResult } from '../doctor-check.js';
import type { ExposedSurface } from '../exposed-surface.js';

/** Offending names listed in one message before the rest are counted. */
const MAX_LISTED = 3;

export function checkToolNames(surface: ExposedSurface): CheckResult[] {
  const names = surface.tools.map((tool) => tool.name);
  const invalid = names.filter((name) => !EXPOSED_NAME_PATTERN.test(name));
  const results: CheckResult[] = [
    invalid.length === 0
      ? check('tool-names', 'ok', `${names.length} exposed names fit ${EXPOSED_NAME_PATTERN.source}`)
      : check(
          'tool-names',
          'fail',
          `${invalid.length} exposed name(s) do not fit ${EXPOSED_NAME_PATTERN.source}: ${list(invalid)}`,
          {
            fix: 'Rename the server (or use --prefix never) so directly exposed names use only letters, digits, _ and - and stay within 64 characters.',
          },
        ),
  ];
  for (const rule of CLIENT_NAME_RULES) {
    const style = resolveNameStyle(surface.nameStyle, rule.clientInfoName);
    const styled = names.map((name) => {
      const base = parseMetaToolName(name);
      return base === undefined ? name : exposedName(base, style);
    });
    const problems = styled.flatMap((name) => nameProblem(rule, name) ?? []);
    const longest = styled.reduce((max, name) => Math.max(max, rule.qualify('toolgate', name).length), 0);
    results.push(
      problems.length === 0
        ? check(
            'client-names',
            'ok',
            `${rule.client}: every name fits (${style} style, longest ${longest} of ${rule.maxLength} characters)`,
            { subject: rule.client },
          )
        : check('client-names', 'warn', `${rule.client}: ${problems.length} name(s) will not work: ${list(problems)}`, {
            subject: rule.client,
            fix: `${rule.basis}. Shorten the server's name in your config, or keep those tools behind gateway_invoke (progressive exposure).`,
          }),
    );
  }
  return results;
}

function list(items: readonly string[]): string {
  return (
    items.slice(0, MAX_LISTED).join('; ') + (items.length > MAX_LISTED ? `; and ${items.length - MAX_LISTED} more` : '')
  );
}
