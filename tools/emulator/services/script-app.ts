// ScriptApp handlers: installable time-driven triggers, per user, with the platform's limits.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { MAX_TRIGGERS_PER_USER, type TriggerRecord } from '../state/triggers';
import { str } from './args';
import type { SpreadsheetRefs } from './spreadsheet-refs';

/** What the worker's ClockTriggerBuilder collected before create(). */
export interface ClockSpec {
  handler: string;
  after?: number;
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MINUTE_STEPS = [1, 5, 10, 15, 30];
const HOUR_STEPS = [1, 2, 4, 6, 8, 12];
export const SCRIPT_ID = '1EmulatedScriptId0000000000000000000000000000000000000000';
/** REPORTED wording (README, "Triggers"): "one trigger of each type, per user, per document" for add-ons. */
export const ADDON_TRIGGER_LIMIT =
  'This add-on has created too many time-based triggers in this document for this Google user account.';

export function scriptAppHandlers(host: HostState, refs: SpreadsheetRefs): HandlerTable {
  return {
    'ScriptApp.newTrigger': (_e, [fn]) =>
      facade('TriggerBuilder', null, { handler: str(fn, 'functionName') }),
    'ScriptApp.ClockTriggerBuilder.create': (exec, [, spec]) =>
      triggerFacade(createTrigger(host, exec, spec as ClockSpec)),
    // "all installable triggers associated with the current project and current user": every document.
    'ScriptApp.getProjectTriggers': (exec) => host.triggers.forUser(exec.user).map(triggerFacade),
    // "owned by this user in the given spreadsheet, for this script or add-on only".
    'ScriptApp.getUserTriggers': (exec, [spreadsheet]) => {
      const handle = (spreadsheet as { $facade?: string; handle?: unknown } | null)?.handle;
      if ((spreadsheet as { $facade?: string } | null)?.$facade !== 'Spreadsheet')
        throw new Error('Invalid argument: spreadsheet');
      const ss = refs.spreadsheet(exec, handle);
      return host.triggers
        .forUser(exec.user)
        .filter((t) => t.spreadsheetId === ss.id)
        .map(triggerFacade);
    },
    'ScriptApp.deleteTrigger': (exec, [trigger]) => {
      const id = String((trigger as { handle?: unknown } | null)?.handle ?? '');
      const mine = host.triggers.forUser(exec.user).some((t) => t.id === id);
      if (!mine) throw new Error('Trigger not found, or it belongs to another user.');
      host.triggers.remove(id);
      return null;
    },
    'ScriptApp.getScriptId': () => SCRIPT_ID,
  };
}

function createTrigger(host: HostState, exec: Execution, spec: ClockSpec): TriggerRecord {
  const everyMs = intervalMs(host, spec);
  if (everyMs === undefined && spec.after === undefined) {
    throw new Error(
      'Time-based triggers need a schedule: call after(), everyMinutes(), everyHours() or everyDays().',
    );
  }
  const mine = host.triggers.forUser(exec.user);
  if (mine.length >= MAX_TRIGGERS_PER_USER) {
    throw new Error(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  }
  const document = exec.spec.spreadsheetId;
  if (host.config.isAddon && mine.some((t) => t.spreadsheetId === document))
    throw new Error(ADDON_TRIGGER_LIMIT);
  const start = everyMs ?? Math.max(0, spec.after ?? 0);
  return host.triggers.add(spec.handler, exec.user, document, host.now() + start, everyMs);
}

function intervalMs(host: HostState, spec: ClockSpec): number | undefined {
  if (spec.everyMinutes !== undefined) {
    if (!MINUTE_STEPS.includes(spec.everyMinutes))
      throw new Error('The value passed to everyMinutes must be 1, 5, 10, 15 or 30.');
    if (host.config.isAddon) {
      throw new Error("Add-ons can't create time-based triggers that fire more often than once per hour.");
    }
    return spec.everyMinutes * MINUTE;
  }
  if (spec.everyHours !== undefined) {
    if (!HOUR_STEPS.includes(spec.everyHours))
      throw new Error('The value passed to everyHours must be 1, 2, 4, 6, 8 or 12.');
    return spec.everyHours * HOUR;
  }
  if (spec.everyDays !== undefined) return Math.max(1, Math.floor(spec.everyDays)) * 24 * HOUR;
  return undefined;
}

function triggerFacade(t: TriggerRecord): unknown {
  return facade('Trigger', t.id, { id: t.id, handler: t.handler });
}
