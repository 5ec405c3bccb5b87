// A fresh vm context per execution, with helpers that build values inside it: a Date from the bundle must
// be `instanceof Date` there, arrays must be real arrays of that realm, thrown errors real Errors.
import vm from 'node:vm';

export interface RealmHooks {
  isMarker(value: unknown): boolean;
  makeFacade(marker: unknown): unknown;
  nowMs(): number;
}

export interface Realm {
  context: vm.Context;
  /** Host data (already structured-cloned) to values of the realm; markers become facades. */
  importValue(value: unknown): unknown;
  error(name: string, message: string): Error;
  /** Defines a global of the script (services, Logger, console). */
  define(name: string, value: unknown): void;
}

const BOOTSTRAP = `(function (hooks) {
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
  // Date follows the emulator clock: Date.now() and new Date() read it; other forms are unchanged.
  function EmulatedDate() {
    if (!new.target) return new RealDate(hooks.nowMs()).toString();
    var args = arguments.length === 0 ? [hooks.nowMs()] : Array.prototype.slice.call(arguments);
    return Reflect.construct(RealDate, args, new.target);
  }
  EmulatedDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: EmulatedDate, writable: true, configurable: true });
  Object.defineProperty(EmulatedDate, 'name', { value: 'Date' });
  EmulatedDate.now = function now() { return hooks.nowMs(); };
  EmulatedDate.parse = RealDate.parse;
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
  const install = vm.runInContext(BOOTSTRAP, context) as (hooks: RealmHooks) => Helpers;
  const helpers = install(hooks);
  return {
    context,
    importValue: helpers.importValue,
    error: helpers.makeError,
    define: (name, value) => {
      sandbox[name] = value;
    },
  };
}
