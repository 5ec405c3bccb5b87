// Before a column job or an evaluation sends anything, its dialog shows how many rows of the input
// range hold each kind of personal data (engine/personal-data.ts). Only the input column of the
// job's rows is read, and only counts leave the server: never the values found.
import { findPersonalData, PERSONAL_KINDS, type PersonalKind } from '../engine/personal-data';
import { cellText } from '../engine/values';
import { optionalNumber, requiredText } from '../functions/args';
import { UserError } from '../i18n/messages';
import type { JobDeps } from './deps';
import { columnNumber, MAX_JOB_ROWS, specRecord } from './spec';

export interface PersonalDataScan {
  /** Non-blank rows of the input range. */
  rows: number;
  /** Rows holding at least one kind. */
  flagged: number;
  /** Rows holding each kind (a row may count under several). */
  kinds: Record<PersonalKind, number>;
}

/** `spec`: the job's or evaluation's {sheet, inputColumn, firstRow?, lastRow?}; other fields are ignored. */
export function scanPersonalData(input: unknown, deps: Pick<JobDeps, 'sheets'>): PersonalDataScan {
  const o = specRecord(input);
  const sheet = requiredText('sheet', o.sheet);
  const tab = deps.sheets.tabByName(sheet);
  if (!tab) throw new UserError('sheet_not_found', { sheet });
  const column = columnNumber('inputColumn', o.inputColumn);
  const firstRow = optionalNumber('firstRow', o.firstRow, 1, 10_000_000) ?? 2;
  const lastRow =
    optionalNumber('lastRow', o.lastRow, firstRow, 10_000_000) ??
    Math.max(firstRow, deps.sheets.lastRow(tab.id));
  if (lastRow - firstRow + 1 > MAX_JOB_ROWS)
    throw new UserError('job_too_large', { rows: lastRow - firstRow + 1, limit: MAX_JOB_ROWS });
  const kinds = Object.fromEntries(PERSONAL_KINDS.map((k) => [k, 0])) as Record<PersonalKind, number>;
  let rows = 0;
  let flagged = 0;
  for (const value of deps.sheets.readColumn(tab.id, column, firstRow, lastRow)) {
    const text = cellText(value);
    if (!text) continue;
    rows++;
    const found = new Set(findPersonalData(text).map((f) => f.kind));
    if (found.size) flagged++;
    for (const kind of found) kinds[kind]++;
  }
  return { rows, flagged, kinds };
}
