// The hourly fallback trigger, one per spreadsheet. ScriptApp.getProjectTriggers() lists the user's
// triggers of the whole project, every document, and Trigger.getTriggerSourceId() is null for clock
// triggers, so nothing on a trigger says which spreadsheet it serves: each one is recorded in the
// user's properties with the spreadsheet it was created in ({spreadsheet id: trigger id}). A job only
// ever removes its own spreadsheet's trigger, and a trigger that finds no running job removes itself.
//
// An add-on's time-driven trigger runs with no active document (conservative reading of the reports;
// README of the emulator, "Triggers"): it cannot reach the spreadsheet's jobs at all. The first such run
// removes itself and notes that triggers cannot carry jobs here, so none is created again; the jobs then
// go on only while a page drives them, and the pages say so. A script bound to the spreadsheet gets its
// container, and there the trigger carries the jobs.
import type { TriggerPort } from '../platform/ports';
import { lockedForUser, type UserPlace } from './deps';

export const BACKGROUND_HANDLER = 'runJobsInBackground';
export const TRIGGERS_PROPERTY = 'job.triggers';
/** Set once a trigger ran without a document: triggers cannot carry jobs for this user. */
export const NO_DOCUMENT_PROPERTY = 'job.noTriggers';

type Records = Record<string, string>;

function recordsOf(props: Record<string, string>): Records {
  return props[TRIGGERS_PROPERTY] ? (JSON.parse(props[TRIGGERS_PROPERTY]) as Records) : {};
}

function changed(records: Records): Record<string, string> {
  return { [TRIGGERS_PROPERTY]: JSON.stringify(records) };
}

/** Makes sure the spreadsheet has its trigger, unless triggers are known not to reach documents. */
export function ensureTrigger(place: UserPlace, triggers: TriggerPort, spreadsheetId: string): void {
  lockedForUser(place, (props) => {
    if (props[NO_DOCUMENT_PROPERTY]) return { result: undefined, changes: {} };
    const records = recordsOf(props);
    const live = new Set(triggers.list(BACKGROUND_HANDLER));
    for (const [ss, id] of Object.entries(records)) if (!live.has(id)) delete records[ss];
    if (records[spreadsheetId]) return { result: undefined, changes: changed(records) };
    try {
      records[spreadsheetId] = triggers.create(BACKGROUND_HANDLER);
    } catch {
      // Too many triggers, or (an add-on) this document already has one of this user that an older
      // version made without a record: it removes itself when it finds nothing to do. Pages drive jobs.
    }
    return { result: undefined, changes: changed(records) };
  });
}

/** Removes this spreadsheet's trigger, and no other. */
export function removeTrigger(place: UserPlace, triggers: TriggerPort, spreadsheetId: string): void {
  lockedForUser(place, (props) => {
    const records = recordsOf(props);
    const id = records[spreadsheetId];
    if (!id) return { result: undefined, changes: {} };
    triggers.remove(id);
    delete records[spreadsheetId];
    return { result: undefined, changes: changed(records) };
  });
}

/**
 * A trigger removes itself: it found no running job, or (`noDocument`) it ran without a document and
 * so can never do anything.
 */
export function retireTrigger(
  place: UserPlace,
  triggers: TriggerPort,
  triggerId: string | undefined,
  noDocument: boolean,
): void {
  lockedForUser(place, (props) => {
    const records = recordsOf(props);
    // Without its id (an event without triggerUid) and without a document, none of them can work.
    const doomed = triggerId ? [triggerId] : noDocument ? triggers.list(BACKGROUND_HANDLER) : [];
    for (const id of doomed) {
      triggers.remove(id);
      for (const [ss, recorded] of Object.entries(records)) if (recorded === id) delete records[ss];
    }
    const changes = changed(records);
    if (noDocument) changes[NO_DOCUMENT_PROPERTY] = '1';
    return { result: undefined, changes };
  });
}
