// Routes a service call from the bundle to its handler, after the permission check and simulated latency.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { checkAllowed, hasLatency } from '../policy';
import { cacheHandlers } from './cache';
import { lockHandlers } from './lock';
import { propertyHandlers } from './properties';
import { scriptAppHandlers } from './script-app';
import { sessionHandlers } from './session';
import { spreadsheetHandlers } from './spreadsheet';
import { uiHandlers } from './ui';
import { urlFetchHandlers } from './url-fetch';
import { utilityHandlers } from './utilities';

export type Dispatch = (exec: Execution, method: string, args: unknown[]) => Promise<unknown>;

export function createDispatch(host: HostState): Dispatch {
  const table: HandlerTable = {
    ...cacheHandlers(host),
    ...lockHandlers(host),
    ...propertyHandlers(host),
    ...scriptAppHandlers(host),
    ...sessionHandlers(host),
    ...spreadsheetHandlers(host),
    ...uiHandlers(host),
    ...urlFetchHandlers(host),
    ...utilityHandlers(),
  };
  return async (exec, method, args) => {
    const handler = table[method];
    if (!handler) throw new Error(`${method} is not emulated`);
    checkAllowed(exec, method);
    if (host.config.serviceLatencyMs > 0 && hasLatency(method)) await delay(host.config.serviceLatencyMs);
    if (method.startsWith('PropertiesService.Properties.')) host.totals.propertyOps++;
    return handler(exec, args);
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
