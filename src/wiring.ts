// Builds the environments the features run in from Apps Script services. Everything is created
// on first use inside an execution: nothing runs at load time.
import type { FormulaEnv } from './functions/formula';
import { BatchApi } from './openai/batches';
import { DEFAULT_BASE_URL, OpenAIClient } from './openai/client';
import type { PipelineDeps } from './engine/pipeline';
import { resolveLocale, type Locale } from './i18n/messages';
import type { JobDeps, Standing, UserPlace } from './jobs/deps';
import { stableUserId, USER_ID_PROPERTY } from './jobs/user-ids';
import { readLessons } from './openai/lessons';
import { decideModel, utcDay } from './openai/model-choice';
import { readHolder, type Spender } from './budget/ledger';
import type { Tab, UsageContext } from './budget/usage';
import type { TabRef } from './engine/pipeline';
import { readInstructions } from './engine/context';
import { identityHash, roleOf, type Role } from './settings/identity';
import { jobStanding, type Reach } from './settings/access';
import { formulaKeys, isRevoked } from './settings/keys';
import { readModelSnapshot, readSettings } from './settings/settings';
import { UserError } from './i18n/messages';
import {
  appsScriptClock,
  cacheStore,
  callingCell,
  executionUsage,
  lockMutex,
  propertyStore,
  scriptTriggers,
  snapshotStore,
  spreadsheetSheets,
  urlFetchHttp,
  zonedCalendar,
  zoneOffset,
} from './platform/apps-script';
import type { PropertyStore } from './platform/ports';
import { SharedPacer } from './openai/pacing';
import { sha256Hex } from './engine/sha256';

function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [fn(), true];
    return value;
  };
}

/** Unique enough for a budget reservation; costs no service call. */
export function newId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function documentStore(): PropertyStore {
  const props = PropertiesService.getDocumentProperties();
  if (!props) throw new Error('This add-on works inside a spreadsheet.');
  return propertyStore(props);
}

export function documentLock() {
  return lockMutex(() => LockService.getDocumentLock() ?? LockService.getUserLock());
}

export function userStore(): PropertyStore {
  return snapshotStore(PropertiesService.getUserProperties());
}

/** The spreadsheet's calendar (its time zone), for daily and monthly budgets. */
export const spreadsheetCalendar = once(() =>
  zonedCalendar(once(() => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone())),
);

export function pipelineDeps(apiKey: string, baseUrl: string, prices: PipelineDeps['prices']): PipelineDeps {
  const store = documentStore();
  const cache = cacheStore(CacheService.getDocumentCache() ?? CacheService.getUserCache());
  // Limits are per key (and host): the state is kept under a hash of both, never the key itself.
  const pacer = new SharedPacer(
    cache,
    appsScriptClock,
    `rl1:${sha256Hex(`${baseUrl}\n${apiKey}`).slice(0, 16)}`,
  );
  return {
    client: new OpenAIClient(urlFetchHttp, appsScriptClock, { apiKey, baseUrl, pacer }),
    batches: new BatchApi(urlFetchHttp, appsScriptClock, { apiKey, baseUrl: baseUrl || DEFAULT_BASE_URL }),
    clock: appsScriptClock,
    cache,
    documentStore: store,
    documentLock: documentLock(),
    newId,
    documentProps: once(() => store.getAll()),
    prices,
    calendar: spreadsheetCalendar(),
    ...(endpointOf(baseUrl) ? { endpoint: endpointOf(baseUrl) } : {}),
  };
}

/** A base URL other than OpenAI's, normalized (undefined for OpenAI's own). */
function endpointOf(baseUrl: string): string | undefined {
  const url = (baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
  return url === DEFAULT_BASE_URL ? undefined : url;
}

function tabRef(sheet: GoogleAppsScript.Spreadsheet.Sheet): TabRef {
  return { id: String(sheet.getSheetId()), name: sheet.getName() };
}

export function formulaEnv(): FormulaEnv {
  const how = once(reach);
  return {
    startedAt: Date.now(),
    userStore: once(userStore),
    reach: how,
    pipeline: pipelineDeps,
    sheet: once(() => tabRef(SpreadsheetApp.getActiveSheet())),
    callingCell: once(callingCell),
    // Cells are read by everyone who opens the spreadsheet: speak the spreadsheet's language; a page
    // call (google.script.run.GPT) answers its caller in theirs.
    locale: once(() => (how() === 'cell' ? spreadsheetLocale() : userLocale())),
    dateOffset: zoneOffset(once(() => SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone())),
  };
}

/** What the spreadsheet learned about models (for settings shown to the caller). */
export function documentLessons(today: string) {
  return readLessons(documentStore().getAll(), today);
}

export function userLocale(): Locale {
  return resolveLocale(Session.getActiveUserLocale());
}

export function tabs(): Tab[] {
  return SpreadsheetApp.getActiveSpreadsheet().getSheets().map(tabRef) as Tab[];
}

/**
 * How this execution was reached. Apps Script gives no auth mode to a custom function ("custom
 * functions do not include an event parameter", AuthMode reference), but `SpreadsheetApp.getUi()`
 * throws there ("Cannot call SpreadsheetApp.getUi() from this context"), while pages and menus may
 * show dialogs with it. A time-driven trigger has no UI either: only runJobsInBackground runs from
 * one, and it tells its trigger by the event object, which a cell cannot pass.
 */
export function reach(): Reach {
  try {
    SpreadsheetApp.getUi();
    return 'page';
  } catch {
    return 'cell';
  }
}

/** The spreadsheet's language: what a cell shows is read by everyone who opens it. */
export function spreadsheetLocale(): Locale {
  return resolveLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
}

/** Who is calling a page's server function: their identity hash and their role in this spreadsheet. */
export function caller(): { id: string; role: Role } {
  // Under the user lock: a page opening fires several calls at once, and they must agree on one id.
  const id = identityHash(stableUserId(userPlace(), newId, userStore().get(USER_ID_PROPERTY)));
  return { id, role: roleOf(id, readHolder(documentStore().getAll())) };
}

/** The caller's key pays: only the known owner's spending counts against the spreadsheet's budgets. */
export function callerSpender(): Spender {
  const who = caller();
  return { id: who.id, holder: who.role === 'owner' };
}

export function usageContext(who: { id: string; role: Role }): UsageContext {
  const timeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  const base = { now: appsScriptClock.now(), tabs: tabs(), calendar: spreadsheetCalendar(), timeZone };
  return { ...base, role: who.role, viewer: who.id };
}

/** The caller's own user properties, read live, and the user lock: ids, triggers, daily usage. */
export function userPlace(): UserPlace {
  return {
    store: propertyStore(PropertiesService.getUserProperties()),
    lock: lockMutex(() => LockService.getUserLock()),
  };
}

/** Whether this execution has a spreadsheet (an add-on's time-driven trigger has none). */
export function hasDocument(): boolean {
  return SpreadsheetApp.getActiveSpreadsheet() !== null;
}

/** The caller's standing for someone else's job (settings/access.ts). */
function standing(): Standing {
  return jobStanding(caller().role, isSharedDrive());
}

/** A file in a shared drive has no owner: "null for a document in a shared drive" (getOwner reference). */
export function isSharedDrive(): boolean {
  return SpreadsheetApp.getActiveSpreadsheet().getOwner() === null;
}

export function jobDeps(): JobDeps {
  const store = userStore();
  const place = userPlace();
  const spreadsheet = once(() => SpreadsheetApp.getActiveSpreadsheet());
  const spreadsheetId = once(() => spreadsheet().getId());
  const timeZone = once(() => spreadsheet().getSpreadsheetTimeZone());
  return {
    store: documentStore(),
    lock: documentLock(),
    sheets: spreadsheetSheets,
    clock: appsScriptClock,
    user: stableUserId(place, () => Utilities.getUuid(), store.get(USER_ID_PROPERTY)),
    legacyUser: once(() => Session.getTemporaryActiveUserKey()),
    get spreadsheetId() {
      return spreadsheetId();
    },
    standing: once(standing),
    newId,
    pipeline: () => {
      const keys = formulaKeys(store);
      if (!keys) throw new UserError('job_no_key');
      const settings = readSettings(store);
      const deps = pipelineDeps(keys.first, settings.baseUrl, settings.prices);
      return keys.backup && isRevoked(keys.first, deps)
        ? pipelineDeps(keys.backup, settings.baseUrl, settings.prices)
        : deps;
    },
    get defaultModel() {
      const today = utcDay(Date.now());
      const lessons = readLessons(documentStore().getAll(), today);
      return decideModel(readSettings(store).model, today, readModelSnapshot(store), lessons).model;
    },
    triggers: scriptTriggers,
    userPlace: place,
    usage: executionUsage,
    formatTime: (ms) => Utilities.formatDate(new Date(ms), timeZone(), 'yyyy-MM-dd HH:mm z'),
    get spender() {
      return callerSpender();
    },
    calendar: spreadsheetCalendar(),
    get locale() {
      return userLocale();
    },
  };
}

export function keySetupDeps() {
  return { store: userStore(), http: urlFetchHttp, clock: appsScriptClock, locale: userLocale(), newId };
}

/**
 * The spreadsheet's instructions that apply (the owner's), for everyone to read; while no owner is
 * known, the caller's own pending ones.
 */
export function spreadsheetInstructions(who: { id: string }): string {
  const props = documentStore().getAll();
  return readInstructions(props, readHolder(props), who.id);
}
