// The globals a script sees: service roots, Logger and console, plus stand-ins for services that are
// not emulated at all (every member throws).
import type { FacadeEnv, RootSpec } from './facades';
import { formatLog } from './log-format';

const ROOTS: Record<string, RootSpec> = {
  SpreadsheetApp: {
    rpc: [
      'getActiveSpreadsheet',
      'getActive',
      'getActiveSheet',
      'getActiveRange',
      'getActiveCell',
      'getUi',
      'flush',
    ],
    objectEnums: {
      DeveloperMetadataLocationType: ['SPREADSHEET', 'SHEET', 'ROW', 'COLUMN'],
      DeveloperMetadataVisibility: ['DOCUMENT', 'PROJECT'],
    },
  },
  UrlFetchApp: { rpc: ['fetch', 'fetchAll'] },
  CacheService: { rpc: ['getScriptCache', 'getUserCache', 'getDocumentCache'] },
  PropertiesService: { rpc: ['getScriptProperties', 'getUserProperties', 'getDocumentProperties'] },
  LockService: { rpc: ['getScriptLock', 'getUserLock', 'getDocumentLock'] },
  Session: {
    rpc: [
      'getActiveUser',
      'getEffectiveUser',
      'getActiveUserLocale',
      'getScriptTimeZone',
      'getTemporaryActiveUserKey',
    ],
  },
  Utilities: {
    rpc: [
      'computeDigest',
      'base64Encode',
      'base64EncodeWebSafe',
      'base64Decode',
      'base64DecodeWebSafe',
      'newBlob',
      'sleep',
      'getUuid',
      'formatDate',
    ],
    enums: {
      DigestAlgorithm: names('MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512'),
      Charset: names('UTF_8', 'US_ASCII'),
    },
  },
  HtmlService: {
    rpc: ['createHtmlOutput', 'createHtmlOutputFromFile'],
    enums: {
      SandboxMode: names('IFRAME', 'NATIVE', 'EMULATED'),
      XFrameOptionsMode: names('ALLOWALL', 'DEFAULT'),
    },
  },
  ScriptApp: {
    rpc: ['newTrigger', 'getProjectTriggers', 'getUserTriggers', 'deleteTrigger', 'getScriptId'],
    enums: {
      AuthMode: names('NONE', 'LIMITED', 'FULL', 'CUSTOM_FUNCTION'),
      EventType: names('CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE'),
      TriggerSource: names('SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'),
    },
  },
};

const ABSENT = [
  'DriveApp',
  'DocumentApp',
  'SlidesApp',
  'FormApp',
  'GmailApp',
  'MailApp',
  'CalendarApp',
  'ContentService',
  'CardService',
  'XmlService',
  'Charts',
  'Browser',
  'Maps',
  'LanguageApp',
  'Jdbc',
];

export function defineGlobals(env: FacadeEnv, log: (line: string) => void): void {
  const { realm } = env;
  for (const [name, spec] of Object.entries(ROOTS)) realm.define(name, env.root(name, spec));
  for (const name of ABSENT) realm.define(name, env.root(name, {}));
  const lines: string[] = [];
  const logger: object = env.root('Logger', {
    local: {
      log: (args) => {
        const line = formatLog(args);
        lines.push(line);
        log(line);
        return logger;
      },
      getLog: () => lines.map((l) => `${l}\n`).join(''),
      clear: () => {
        lines.length = 0;
      },
    },
  });
  realm.define('Logger', logger);
  const print = (args: unknown[]) => log(formatLog(args));
  const timers = new Map<string, number>();
  const time = ([label]: unknown[]) => void timers.set(String(label ?? 'default'), Date.now());
  const timeEnd = ([label]: unknown[]) => {
    const name = String(label ?? 'default');
    log(`${name}: ${Date.now() - (timers.get(name) ?? Date.now())}ms`);
    timers.delete(name);
  };
  const local = { log: print, info: print, warn: print, error: print, debug: print, time, timeEnd };
  realm.define('console', env.root('console', { local }));
}

function names(...keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, k]));
}
