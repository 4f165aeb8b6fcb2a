// The default set of meta-tools, in the order clients list them.
import type { Gateway } from '../gateway.js';
import type { GatewayFacts } from '../health-report.js';
import type { MetaTool } from '../meta-tool.js';
import { cancelTool } from './cancel.js';
import { catalogSearchTool } from './catalog-search.js';
import { describeTool } from './describe.js';
import { healthTool } from './health.js';
import { invokeTool } from './invoke.js';
import { listPendingTool } from './list-pending.js';
import { refreshTool } from './refresh.js';

export function createCoreMetaTools(gateway: Gateway, facts: GatewayFacts): MetaTool[] {
  return [
    catalogSearchTool(gateway),
    describeTool(gateway),
    invokeTool(gateway),
    refreshTool(gateway),
    healthTool(gateway, facts),
    listPendingTool(gateway),
    cancelTool(gateway),
  ];
}
