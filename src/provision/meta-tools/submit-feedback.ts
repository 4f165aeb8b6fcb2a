// gateway.submit_feedback: a bug report with diagnostics, secrets stripped; a preview, or a prefilled issue URL. Sends nothing.
import { z } from 'zod';
import type { Gateway } from '../../gateway/gateway.js';
import type { GatewayFacts } from '../../gateway/health-report.js';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { buildFeedbackReport, issueUrl } from '../feedback-report.js';

const input = z
  .object({
    summary: z
      .string()
      .max(300)
      .refine((summary) => summary.trim().length > 0, 'expected a one-line summary'),
    details: z.string().max(4000).optional(),
    confirm: z.boolean().optional(),
  })
  .strict();

export function submitFeedbackTool(gateway: Gateway, facts: GatewayFacts, logsDir: string, issuesUrl: string) {
  return defineMetaTool({
    name: 'submit_feedback',
    description: 'Bug report with diagnostics, secrets removed: a preview, or with confirm: true an issue URL.',
    input,
    annotations: { readOnlyHint: true },
    async handle(args) {
      const report = await buildFeedbackReport(gateway, facts, logsDir, {
        summary: args.summary,
        ...(args.details === undefined ? {} : { details: args.details }),
      });
      if (!args.confirm) {
        return jsonResult({
          preview: true,
          title: report.title,
          body: report.body,
          hint: 'Show this to the user; if they agree, call again with confirm: true.',
        });
      }
      return jsonResult({
        url: issueUrl(report, issuesUrl),
        hint: 'Give the user this link to open; toolgate sent nothing.',
      });
    },
  });
}
