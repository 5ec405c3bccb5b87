// Installable time-driven triggers, per user per script, each remembering the document it was created in.
import type { TriggerInfo } from '../types';

export const MAX_TRIGGERS_PER_USER = 20;

export interface TriggerRecord extends TriggerInfo {
  /** One-shot triggers stay listed after they fire, as in Apps Script, until deleted. */
  spent?: boolean;
}

export class TriggerTable {
  private readonly records: TriggerRecord[] = [];
  private nextId = 8_300_000_000_000_000_000n;

  add(
    handler: string,
    user: string,
    spreadsheetId: string | null,
    nextRunAt: number,
    everyMs?: number,
  ): TriggerRecord {
    const record: TriggerRecord = {
      id: String(this.nextId++),
      handler,
      type: 'CLOCK',
      user,
      nextRunAt,
      spreadsheetId,
    };
    if (everyMs !== undefined) record.everyMs = everyMs;
    this.records.push(record);
    return record;
  }

  forUser(user: string): TriggerRecord[] {
    return this.records.filter((t) => t.user === user);
  }

  all(): TriggerRecord[] {
    return [...this.records];
  }

  remove(id: string): boolean {
    const i = this.records.findIndex((t) => t.id === id);
    if (i >= 0) this.records.splice(i, 1);
    return i >= 0;
  }

  /** Triggers due at `now`; their next run is scheduled before they run, so none fires twice. */
  takeDue(now: number): TriggerRecord[] {
    const due = this.records.filter((t) => !t.spent && t.nextRunAt <= now);
    for (const t of due) {
      if (t.everyMs) {
        while (t.nextRunAt <= now) t.nextRunAt += t.everyMs;
      } else {
        t.spent = true;
        t.nextRunAt = Infinity;
      }
    }
    return due;
  }
}
