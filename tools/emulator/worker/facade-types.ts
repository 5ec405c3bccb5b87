// The service object types the emulator knows, which members go to the host and which run locally.
import { columnLetters, formatA1 } from '../a1';
import type { FacadeEnv, FacadeInstance, LocalMethod, TypeSpec } from './facades';

const self: LocalMethod = (s) => s.proxy;
const setter =
  (field: string, convert: (v: unknown) => unknown = (v) => v): LocalMethod =>
  (s, [v]) => {
    s.data[field] = convert(v);
    return s.proxy;
  };
const getter =
  (field: string): LocalMethod =>
  (s, _args, env) =>
    env.realm.importValue(s.data[field] ?? null);

export const FACADE_TYPES: Record<string, TypeSpec> = {
  Spreadsheet: {
    service: 'SpreadsheetApp',
    rpc: [
      'getId',
      'getName',
      'getUrl',
      'getSheets',
      'getNumSheets',
      'getSheetByName',
      'getActiveSheet',
      'getActiveRange',
      'getActiveCell',
      'getSpreadsheetLocale',
      'getSpreadsheetTimeZone',
      'toast',
      'insertSheet',
      'getRange',
      'getOwner',
      'addDeveloperMetadata',
      'getDeveloperMetadata',
    ],
    local: { createDeveloperMetadataFinder: finderOf },
  },
  Sheet: {
    service: 'SpreadsheetApp',
    rpc: [
      'getName',
      'getIndex',
      'getRange',
      'getLastRow',
      'getLastColumn',
      'getMaxRows',
      'getMaxColumns',
      'getDataRange',
      'insertRowsBefore',
      'appendRow',
      'addDeveloperMetadata',
      'getDeveloperMetadata',
      'getRangeList',
    ],
    local: {
      getSheetId: (s) => (s.handle as { sheetId: number }).sheetId,
      getParent: (s, _a, env) =>
        env.make({ $facade: 'Spreadsheet', handle: (s.handle as { ss: string }).ss }),
      createDeveloperMetadataFinder: finderOf,
    },
  },
  RangeList: {
    service: 'SpreadsheetApp',
    rpc: ['setValue', 'setNumberFormat'],
  },
  Range: {
    service: 'SpreadsheetApp',
    rpc: [
      'getValues',
      'getValue',
      'getDisplayValues',
      'getDisplayValue',
      'getFormulas',
      'getFormula',
      'setValues',
      'setValue',
      'clearContent',
      'setNumberFormat',
      'setNumberFormats',
      'getNumberFormat',
      'getNumberFormats',
      'addDeveloperMetadata',
      'getDeveloperMetadata',
    ],
    local: {
      createDeveloperMetadataFinder: finderOf,
      getRow: (s) => grid(s).row,
      getColumn: (s) => grid(s).col,
      getNumRows: (s) => grid(s).numRows,
      getNumColumns: (s) => grid(s).numCols,
      getLastRow: (s) => grid(s).row + grid(s).numRows - 1,
      getLastColumn: (s) => grid(s).col + grid(s).numCols - 1,
      getA1Notation: (s) => a1Notation(grid(s)),
      getGridId: (s) => grid(s).sheetId,
      getSheet: (s, _a, env) =>
        env.make({ $facade: 'Sheet', handle: { ss: grid(s).ss, sheetId: grid(s).sheetId } }),
    },
  },
  DeveloperMetadataFinder: {
    service: 'SpreadsheetApp',
    local: {
      withKey: setter('key', String),
      withValue: setter('value', String),
      withId: setter('id', Number),
      withLocationType: setter('locationType'),
      withVisibility: setter('visibility'),
      onIntersectingLocations: setter('intersecting', () => true),
      find: (s, _a, env) => env.call('SpreadsheetApp.DeveloperMetadataFinder.find', [null, { ...s.data }]),
    },
  },
  DeveloperMetadata: {
    service: 'SpreadsheetApp',
    rpc: [
      'getKey',
      'getValue',
      'getVisibility',
      'getLocation',
      'setKey',
      'setValue',
      'setVisibility',
      'remove',
    ],
    local: { getId: (s) => s.data.id },
  },
  DeveloperMetadataLocation: {
    service: 'SpreadsheetApp',
    local: {
      getLocationType: getter('type'),
      getSpreadsheet: getter('spreadsheet'),
      getSheet: getter('sheet'),
      getRow: getter('row'),
      getColumn: getter('column'),
    },
  },
  Ui: {
    service: 'SpreadsheetApp',
    rpc: ['createAddonMenu', 'createMenu', 'alert', 'showSidebar', 'showModalDialog', 'showModelessDialog'],
    props: {
      ButtonSet: { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' },
      Button: { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' },
    },
  },
  Menu: {
    service: 'SpreadsheetApp',
    local: {
      addItem: (s, [caption, fn]) => {
        menuItems(s).push({ caption: String(caption), fn: String(fn) });
        return s.proxy;
      },
      addSeparator: (s) => {
        menuItems(s).push('separator');
        return s.proxy;
      },
      addSubMenu: (s, [sub], env) => {
        const inner = env.instance(sub);
        const title = String(inner?.data.title ?? '');
        for (const item of (inner?.data.items as unknown[] | undefined) ?? []) {
          const entry = item as { caption: string; fn: string } | 'separator';
          menuItems(s).push(
            entry === 'separator' ? entry : { caption: `${title} > ${entry.caption}`, fn: entry.fn },
          );
        }
        return s.proxy;
      },
      addToUi: (s, _a, env) => {
        env.call('SpreadsheetApp.Menu.addToUi', [null, { title: s.data.title, items: menuItems(s) }]);
      },
    },
  },
  HtmlOutput: {
    service: 'HtmlService',
    local: {
      getContent: getter('content'),
      setContent: setter('content', String),
      append: (s, [text]) => {
        s.data.content = `${String(s.data.content ?? '')}${String(text)}`;
        return s.proxy;
      },
      clear: setter('content', () => ''),
      getTitle: getter('title'),
      setTitle: setter('title', String),
      getWidth: getter('width'),
      setWidth: setter('width', Number),
      getHeight: getter('height'),
      setHeight: setter('height', Number),
      setSandboxMode: self,
      setXFrameOptionsMode: self,
      setFaviconUrl: self,
      addMetaTag: self,
    },
  },
  HTTPResponse: {
    service: 'UrlFetchApp',
    local: {
      getResponseCode: (s) => s.data.code,
      getContentText: (s, [charset]) => decodeText(body(s), charset ?? charsetOf(s)),
      getContent: (s, _a, env) => env.realm.importValue(signedBytes(body(s))),
      getHeaders: getter('headers'),
      getAllHeaders: getter('allHeaders'),
      getBlob: (s, _a, env) => blobOf(env, body(s), headerContentType(s)),
      getAs: (s, [type], env) => blobOf(env, body(s), String(type)),
    },
  },
  Blob: {
    service: 'Utilities',
    local: {
      getDataAsString: (s, [charset]) => decodeText(s.data.bytes as Uint8Array, charset ?? 'UTF-8'),
      getBytes: (s, _a, env) => env.realm.importValue(signedBytes(s.data.bytes as Uint8Array)),
      getContentType: getter('contentType'),
      setContentType: setter('contentType', String),
      getName: getter('name'),
      setName: setter('name', String),
      copyBlob: (s, _a, env) => env.make({ $facade: 'Blob', data: { ...s.data } }),
    },
  },
  Cache: { service: 'CacheService', rpc: ['get', 'getAll', 'put', 'putAll', 'remove', 'removeAll'] },
  Properties: {
    service: 'PropertiesService',
    rpc: [
      'getProperty',
      'getProperties',
      'getKeys',
      'setProperty',
      'setProperties',
      'deleteProperty',
      'deleteAllProperties',
    ],
  },
  Lock: { service: 'LockService', rpc: ['tryLock', 'waitLock', 'releaseLock', 'hasLock'] },
  User: { service: 'Session', local: { getEmail: (s) => s.data.email } },
  TriggerBuilder: {
    service: 'ScriptApp',
    local: {
      timeBased: (s, _a, env) =>
        env.make({ $facade: 'ClockTriggerBuilder', data: { handler: s.data.handler } }),
    },
  },
  ClockTriggerBuilder: {
    service: 'ScriptApp',
    local: {
      after: setter('after', Number),
      everyMinutes: setter('everyMinutes', Number),
      everyHours: setter('everyHours', Number),
      everyDays: setter('everyDays', Number),
      atHour: setter('atHour', Number),
      nearMinute: setter('nearMinute', Number),
      inTimezone: setter('inTimezone', String),
      create: (s, _a, env) => env.call('ScriptApp.ClockTriggerBuilder.create', [null, { ...s.data }]),
    },
  },
  Trigger: {
    service: 'ScriptApp',
    local: {
      getUniqueId: (s) => s.data.id,
      getHandlerFunction: (s) => s.data.handler,
      getEventType: () => 'CLOCK',
      getTriggerSource: () => 'CLOCK',
      getTriggerSourceId: () => null,
    },
  },
};

interface Grid {
  ss: string;
  sheetId: number;
  row: number;
  col: number;
  numRows: number;
  numCols: number;
  whole?: 'rows' | 'columns';
}

/** '5:5' and 'C:C' for whole rows and columns, as Apps Script writes them. */
function a1Notation(g: Grid): string {
  if (g.whole === 'rows') return `${g.row}:${g.row + g.numRows - 1}`;
  if (g.whole === 'columns') return `${columnLetters(g.col)}:${columnLetters(g.col + g.numCols - 1)}`;
  return formatA1(g);
}

/** A finder over the spreadsheet, sheet or range it was created from; find() asks the host. */
function finderOf(s: FacadeInstance, _a: unknown[], env: FacadeEnv): object {
  return env.make({
    $facade: 'DeveloperMetadataFinder',
    data: { scope: { type: s.type, handle: s.handle } },
  });
}

function grid(s: FacadeInstance): Grid {
  return s.handle as Grid;
}

function menuItems(s: FacadeInstance): unknown[] {
  return (s.data.items ??= []) as unknown[];
}

function body(s: FacadeInstance): Uint8Array {
  return s.data.body as Uint8Array;
}

function headerContentType(s: FacadeInstance): string | null {
  const headers = s.data.headers as Record<string, string>;
  return headers['content-type'] ?? null;
}

function charsetOf(s: FacadeInstance): string {
  return /charset=([^;]+)/i.exec(headerContentType(s) ?? '')?.[1].trim() ?? 'UTF-8';
}

function decodeText(bytes: Uint8Array, charset: unknown): string {
  try {
    return new TextDecoder(String(charset).replace('_', '-')).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function signedBytes(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

function blobOf(env: FacadeEnv, bytes: Uint8Array, contentType: string | null): object {
  return env.make({ $facade: 'Blob', data: { bytes, contentType, name: null } });
}
