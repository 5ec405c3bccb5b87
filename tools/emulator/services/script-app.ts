// ScriptApp handlers: installable time-driven triggers, per user, with the platform's limits.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { MAX_TRIGGERS_PER_USER, type TriggerRecord } from '../state/triggers';
import { str } from './args';

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

export function scriptAppHandlers(host: HostState): HandlerTable {
  return {
    'ScriptApp.newTrigger': (_e, [fn]) =>
      facade('TriggerBuilder', null, { handler: str(fn, 'functionName') }),
    'ScriptApp.ClockTriggerBuilder.create': (exec, [, spec]) =>
      triggerFacade(createTrigger(host, exec, spec as ClockSpec)),
    'ScriptApp.getProjectTriggers': (exec) => host.triggers.forUser(exec.user).map(triggerFacade),
    'ScriptApp.getUserTriggers': (exec) => host.triggers.forUser(exec.user).map(triggerFacade),
    'ScriptApp.deleteTrigger': (exec, [trigger]) => {
      const id = String((trigger as { handle?: unknown } | null)?.handle ?? '');
      const mine = host.triggers.forUser(exec.user).some((t) => t.id === id);
      if (!mine) throw new Error('Trigger not found, or it belongs to another user.');
      host.triggers.remove(id);
      return null;
    },
    'ScriptApp.getScriptId': () => '1EmulatedScriptId0000000000000000000000000000000000000000',
  };
}

function createTrigger(host: HostState, exec: Execution, spec: ClockSpec): TriggerRecord {
  const everyMs = intervalMs(host, spec);
  if (everyMs === undefined && spec.after === undefined) {
    throw new Error(
      'Time-based triggers need a schedule: call after(), everyMinutes(), everyHours() or everyDays().',
    );
  }
  if (host.triggers.forUser(exec.user).length >= MAX_TRIGGERS_PER_USER) {
    throw new Error(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  }
  const start = everyMs ?? Math.max(0, spec.after ?? 0);
  return host.triggers.add(spec.handler, exec.user, host.now() + start, everyMs);
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
