// Server functions called by pages: a UserError reaches the page's failure handler as an Error
// whose message is in the caller's language. None of them runs from a cell (settings/access.ts).
import { reach, spreadsheetLocale, userLocale } from './wiring';
import { UserError, type Locale } from './i18n/messages';
import { quotaAsUserError } from './engine/failures';
import { redactKeys } from './openai/api-key';
import { refuseInCell } from './settings/access';

export function serverCall<T>(fn: () => T): T {
  notFromCell();
  return rendered(fn, userLocale);
}

/**
 * Refuses to run in a cell, before anything else is touched: a cell runs with the owner's store
 * whoever's recalculation runs it. The message is in the spreadsheet's language, as cells speak it.
 */
export function notFromCell(): void {
  const from = reach();
  if (from === 'cell') rendered(() => refuseInCell(from), spreadsheetLocale);
}

function rendered<T>(fn: () => T, locale: () => Locale): T {
  try {
    return fn();
  } catch (e) {
    const error = quotaAsUserError(e);
    if (error instanceof UserError) throw new Error(error.render(locale()), { cause: e });
    if (error instanceof Error && error.cause instanceof UserError) throw error; // rendered already
    // No raw JavaScript or platform text reaches a person: it goes to the execution log instead.
    console.error(logLine(error));
    throw new Error(new UserError('unexpected_error').render(locale()), { cause: e });
  }
}

/** The error's kind and text for the log, without anything shaped like a key. */
function logLine(error: unknown): string {
  return redactKeys(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
