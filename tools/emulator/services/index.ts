// Routes a service call from the bundle to its handler, after the permission check, the daily quota and
// the simulated latency.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { latencyOf } from '../latency';
import { checkAllowed } from '../policy';
import { cacheHandlers } from './cache';
import { developerMetadataHandlers } from './developer-metadata';
import { lockHandlers } from './lock';
import { propertyHandlers } from './properties';
import { rangeHandlers } from './range';
import { scriptAppHandlers } from './script-app';
import { sessionHandlers } from './session';
import { spreadsheetHandlers } from './spreadsheet';
import { SpreadsheetRefs } from './spreadsheet-refs';
import { uiHandlers } from './ui';
import { urlFetchHandlers } from './url-fetch';
import { utilityHandlers } from './utilities';

export type Dispatch = (exec: Execution, method: string, args: unknown[]) => Promise<unknown>;

export function createDispatch(host: HostState): Dispatch {
  const refs = new SpreadsheetRefs(host);
  const table: HandlerTable = {
    ...cacheHandlers(host),
    ...lockHandlers(host),
    ...propertyHandlers(host),
    ...scriptAppHandlers(host, refs),
    ...sessionHandlers(host),
    ...spreadsheetHandlers(host, refs),
    ...rangeHandlers(refs),
    ...developerMetadataHandlers(refs),
    ...uiHandlers(host),
    ...urlFetchHandlers(host),
    ...utilityHandlers(),
  };
  return async (exec, method, args) => {
    const handler = table[method];
    if (!handler) throw new Error(`${method} is not emulated`);
    checkAllowed(exec, method);
    if (method.startsWith('PropertiesService.Properties.')) {
      host.quotas.charge(exec.storeUser, 'propertiesCalls', 1);
      host.totals.propertyOps++;
    }
    const latency = latencyOf(method);
    const ms = latency ? host.config.latency[latency] : 0;
    if (ms > 0) await delay(ms);
    return handler(exec, args);
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
