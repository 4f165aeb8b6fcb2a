// gateway.sync_environment: platform, Node and the CLIs on PATH, so a model knows what can run here.
import { z } from 'zod';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { probeEnvironment } from '../environment-probe.js';

const input = z.object({}).strict();

export function syncEnvironmentTool(env: Record<string, string | undefined>) {
  return defineMetaTool({
    name: 'sync_environment',
    description: 'Platform, Node and CLIs on PATH (npx, uvx, docker, git, gh, ...).',
    input,
    annotations: { readOnlyHint: true },
    async handle() {
      const facts = await probeEnvironment(env, true);
      return jsonResult({
        platform: facts.platform,
        arch: facts.arch,
        node: facts.node,
        clis: Object.fromEntries(facts.clis.map((cli) => [cli.name, cli.version ?? 'found'])),
        missing: facts.missing,
      });
    },
  });
}
