// Builds the environments the features run in from Apps Script services. Everything is created
// on first use inside an execution: nothing runs at load time.
import type { FormulaEnv } from './functions/formula';
import { OpenAIClient } from './openai/client';
import type { PipelineDeps } from './engine/pipeline';
import { resolveLocale, type Locale } from './i18n/messages';
import type { JobDeps, Standing, UserPlace } from './jobs/deps';
import { stableUserId, USER_ID_PROPERTY } from './jobs/user-ids';
import { readLessons } from './openai/lessons';
import { decideModel, utcDay } from './openai/model-choice';
import { KEY_PROPERTY, readModelSnapshot, readSettings } from './settings/settings';
import { UserError } from './i18n/messages';
import {
  appsScriptClock,
  cacheStore,
  executionUsage,
  lockMutex,
  propertyStore,
  scriptTriggers,
  snapshotStore,
  spreadsheetSheets,
  urlFetchHttp,
} from './platform/apps-script';
import type { PropertyStore } from './platform/ports';

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

export function pipelineDeps(apiKey: string, baseUrl: string, prices: PipelineDeps['prices']): PipelineDeps {
  const store = documentStore();
  return {
    client: new OpenAIClient(urlFetchHttp, appsScriptClock, { apiKey, baseUrl }),
    clock: appsScriptClock,
    cache: cacheStore(CacheService.getDocumentCache() ?? CacheService.getUserCache()),
    documentStore: store,
    documentLock: documentLock(),
    newId,
    documentProps: once(() => store.getAll()),
    prices,
  };
}

export function formulaEnv(): FormulaEnv {
  return {
    startedAt: Date.now(),
    userStore: once(userStore),
    pipeline: pipelineDeps,
    sheetName: once(() => SpreadsheetApp.getActiveSheet().getName()),
    // Cells are read by everyone who opens the spreadsheet: speak the spreadsheet's language.
    locale: once(() => resolveLocale(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale())),
  };
}

/** What the spreadsheet learned about models (for settings shown to the caller). */
export function documentLessons(today: string) {
  return readLessons(documentStore().getAll(), today);
}

export function userLocale(): Locale {
  return resolveLocale(Session.getActiveUserLocale());
}

export function tabNames(): string[] {
  return SpreadsheetApp.getActiveSpreadsheet()
    .getSheets()
    .map((s) => s.getName());
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

/** The caller and the spreadsheet's owner (null on a shared drive). */
function standing(): Standing {
  const owner = SpreadsheetApp.getActiveSpreadsheet().getOwner();
  if (!owner) return 'shared-drive';
  const me = Session.getActiveUser().getEmail();
  return me !== '' && me === owner.getEmail() ? 'owner' : 'editor';
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
      const apiKey = store.get(KEY_PROPERTY);
      if (!apiKey) throw new UserError('job_no_key');
      const settings = readSettings(store);
      return pipelineDeps(apiKey, settings.baseUrl, settings.prices);
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
  };
}
