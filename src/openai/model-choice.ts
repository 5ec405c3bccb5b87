// Which model to use: never a hard-coded one that can vanish. The default is the first model of
// the preference table that the key can list without an announced shutdown; a model whose
// shutdown date has passed (or that the API stopped knowing) is replaced. The live list's
// shutdown dates win over the table's.
import { baseModel, PREFERENCE, SHUTDOWNS } from './catalog';
import { priceOf, type Lessons, type ModelLesson } from './models';

/** The chat models a key could list, with their shutdown dates, as last fetched. */
export interface ModelSnapshot {
  /** When the list was fetched (ms). */
  at: number;
  models: Record<string, string | null>;
}

/** "2026-12-01" for a time in ms (OpenAI's shutdown dates are days, compared in UTC). */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The announced shutdown date, null when none is announced, undefined when nothing is known. */
export function shutdownDateOf(model: string, snapshot?: ModelSnapshot): string | null | undefined {
  if (snapshot && model in snapshot.models) return snapshot.models[model];
  return SHUTDOWNS[model]?.date ?? SHUTDOWNS[baseModel(model)]?.date;
}

export function isRetired(
  model: string,
  today: string,
  snapshot?: ModelSnapshot,
  lesson?: ModelLesson,
): boolean {
  if (lesson?.missingSince) return true;
  const date = shutdownDateOf(model, snapshot);
  return !!date && date <= today;
}

function usable(model: string, today: string, snapshot?: ModelSnapshot, lessons: Lessons = {}): boolean {
  if (snapshot && !(model in snapshot.models)) return false;
  return !isRetired(model, today, snapshot, lessons[model]);
}

/** The cheapest current model: no shutdown announced, listed by the key when there is a list. */
export function pickDefaultModel(today: string, snapshot?: ModelSnapshot, lessons: Lessons = {}): string {
  const current = (m: string) => usable(m, today, snapshot, lessons) && !shutdownDateOf(m, snapshot);
  const preferred = PREFERENCE.find(current);
  if (preferred) return preferred;
  if (snapshot) {
    const listed = Object.keys(snapshot.models).filter(current);
    const priced = listed
      .filter((m) => priceOf(m))
      .sort((a, b) => (priceOf(a)?.output ?? 0) - (priceOf(b)?.output ?? 0));
    if (priced[0] ?? listed[0]) return priced[0] ?? listed[0];
  }
  return PREFERENCE[0];
}

/** OpenAI's recommended replacement when it is still usable, otherwise the default pick. */
export function replacementFor(
  model: string,
  today: string,
  snapshot?: ModelSnapshot,
  lessons?: Lessons,
): string {
  const recommended = SHUTDOWNS[model]?.replacement ?? SHUTDOWNS[baseModel(model)]?.replacement;
  if (recommended && usable(recommended, today, snapshot, lessons)) return recommended;
  return pickDefaultModel(today, snapshot, lessons);
}

export interface ModelDecision {
  /** The model requests use. */
  model: string;
  /** Set when the chosen model has been retired and `model` replaces it. */
  replaced?: string;
  /** The chosen model was picked automatically (the user never chose one). */
  automatic: boolean;
}

/** The model formulas and jobs use: the chosen one, or the default, moved on when it is retired. */
export function decideModel(
  chosen: string | undefined,
  today: string,
  snapshot?: ModelSnapshot,
  lessons: Lessons = {},
): ModelDecision {
  const model = chosen ?? pickDefaultModel(today, snapshot, lessons);
  const automatic = chosen === undefined;
  if (!isRetired(model, today, snapshot, lessons[model])) return { model, automatic };
  return { model: replacementFor(model, today, snapshot, lessons), replaced: model, automatic };
}

/** A model the add-on or the key's list knows: when the API stops answering for it, it was retired. */
export function isKnownModel(model: string, snapshot?: ModelSnapshot): boolean {
  const base = baseModel(model);
  const listed = !!snapshot && model in snapshot.models;
  return listed || base in SHUTDOWNS || PREFERENCE.includes(base) || !!priceOf(base);
}

/** When a model stopped answering: its shutdown date, or the day the API first said it was gone. */
export function retiredOn(
  model: string,
  today: string,
  snapshot?: ModelSnapshot,
  lesson?: ModelLesson,
): string {
  const date = shutdownDateOf(model, snapshot);
  if (date && date <= today) return date;
  return lesson?.missingSince ?? today;
}
