// A fresh vm context per execution, with helpers that build values inside it: a Date from the bundle must
// be `instanceof Date` there, arrays must be real arrays of that realm, thrown errors real Errors.
import vm from 'node:vm';
import { type ZoneHelpers, installZonedDate } from './zoned-date';

export interface RealmHooks {
  isMarker(value: unknown): boolean;
  makeFacade(marker: unknown): unknown;
  nowMs(): number;
  /** The script's time zone (manifest), used by the bundle's local-time Date methods. */
  timeZone: string;
}

export interface Realm {
  context: vm.Context;
  /** Host data (already structured-cloned) to values of the realm; markers become facades. */
  importValue(value: unknown): unknown;
  error(name: string, message: string): Error;
  /** Defines a global of the script (services, Logger, console). */
  define(name: string, value: unknown): void;
}

const BOOTSTRAP = `(function (hooks, zone) {
  'use strict';
  var RealDate = Date;
  var toString = Object.prototype.toString;
  function importValue(v) {
    if (v === null || typeof v !== 'object') return v;
    if (hooks.isMarker(v)) return hooks.makeFacade(v);
    if (Array.isArray(v)) {
      var a = new Array(v.length);
      for (var i = 0; i < v.length; i++) a[i] = importValue(v[i]);
      return a;
    }
    if (toString.call(v) === '[object Date]') return new RealDate(v.getTime());
    var o = {};
    var keys = Object.keys(v);
    for (var j = 0; j < keys.length; j++) o[keys[j]] = importValue(v[keys[j]]);
    return o;
  }
  function makeError(name, message) {
    var e = new Error(message);
    e.name = name;
    return e;
  }
  // Date follows the emulator clock: Date.now() and new Date() read it. Local-time forms (new Date(y, m, d),
  // strings without a zone) are read in the script's time zone.
  function EmulatedDate() {
    if (!new.target) return new RealDate(hooks.nowMs()).toString();
    var args;
    if (arguments.length === 0) args = [hooks.nowMs()];
    else if (arguments.length === 1) args = [typeof arguments[0] === 'string' ? zone.parse(arguments[0]) : arguments[0]];
    else args = [zone.fromWall(RealDate.UTC.apply(null, arguments))];
    return Reflect.construct(RealDate, args, new.target);
  }
  EmulatedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: EmulatedDate, writable: true, configurable: true });
  Object.defineProperty(EmulatedDate, 'name', { value: 'Date' });
  EmulatedDate.now = function now() { return hooks.nowMs(); };
  EmulatedDate.parse = function parse(text) { return zone.parse(text); };
  EmulatedDate.UTC = RealDate.UTC;
  globalThis.Date = EmulatedDate;
  return { importValue: importValue, makeError: makeError };
})`;

interface Helpers {
  importValue(value: unknown): unknown;
  makeError(name: string, message: string): Error;
}

export function createRealm(hooks: RealmHooks): Realm {
  const sandbox: Record<string, unknown> = {};
  const context = vm.createContext(sandbox);
  const zoned = vm.runInContext(`(${installZonedDate.toString()})`, context) as typeof installZonedDate;
  const zone: ZoneHelpers = zoned(hooks.timeZone);
  const install = vm.runInContext(BOOTSTRAP, context) as (hooks: RealmHooks, zone: ZoneHelpers) => Helpers;
  const helpers = install(hooks, zone);
  return {
    context,
    importValue: helpers.importValue,
    error: helpers.makeError,
    define: (name, value) => {
      sandbox[name] = value;
    },
  };
}
