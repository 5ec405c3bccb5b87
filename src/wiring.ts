// Builds the environments the features run in from Apps Script services. Everything is created
// on first use inside an execution: nothing runs at load time.
import type { FormulaEnv } from './functions/formula';
import { OpenAIClient } from './openai/client';
import type { PipelineDeps } from './engine/pipeline';
import { resolveLocale, type Locale } from './i18n/messages';
import type { JobDeps } from './jobs/runner';
import { readLessons } from './openai/lessons';
import { decideModel, utcDay } from './openai/model-choice';
import { KEY_PROPERTY, readModelSnapshot, readSettings } from './settings/settings';
import { UserError } from './i18n/messages';
import {
  appsScriptClock,
  cacheStore,
  callingCell,
  lockMutex,
  propertyStore,
  scriptTriggers,
  snapshotStore,
  spreadsheetSheets,
  urlFetchHttp,
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
    clock: appsScriptClock,
    cache,
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
    callingCell: once(callingCell),
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

export function jobDeps(): JobDeps {
  const store = userStore();
  return {
    store: documentStore(),
    lock: documentLock(),
    sheets: spreadsheetSheets,
    clock: appsScriptClock,
    user: Session.getTemporaryActiveUserKey(),
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
  };
}
