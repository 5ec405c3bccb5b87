// Service objects as the bundle sees them: Proxies whose implemented members forward to the host (or run
// locally) and whose every other member throws "<Service>.<member> is not emulated".
import type { FacadeMarker } from '../protocol';
import type { Realm } from './realm';
import { RpcFailure, type RpcClient } from './rpc';

export interface FacadeInstance {
  type: string;
  handle: unknown;
  data: Record<string, unknown>;
  proxy: object;
}

export type LocalMethod = (self: FacadeInstance, args: unknown[], env: FacadeEnv) => unknown;

export interface TypeSpec {
  /** Service the type belongs to: RPC names are `<service>.<type>.<method>`. */
  service: string;
  rpc?: string[];
  local?: Record<string, LocalMethod>;
  /** Enum-like properties (e.g. Ui.ButtonSet). */
  props?: Record<string, Record<string, string>>;
}

export interface RootSpec {
  rpc?: string[];
  local?: Record<string, (args: unknown[], env: FacadeEnv) => unknown>;
  /** Enums whose members are plain strings (AuthMode, ButtonSet...). */
  enums?: Record<string, Record<string, string>>;
  /** Enums whose members are objects, one per realm, that travel to the host as markers. */
  objectEnums?: Record<string, string[]>;
}

export class FacadeEnv {
  private readonly instances = new WeakMap<object, FacadeInstance>();
  private readonly enumMembers = new Map<string, object>();
  private readonly enumKeys = new Map<string, { service: string; keys: string[] }>();

  constructor(
    readonly realm: Realm,
    private readonly rpc: RpcClient,
    private readonly types: Record<string, TypeSpec>,
  ) {}

  /** A service call: arguments out to the host, the answer back into the realm. */
  call(method: string, args: unknown[]): unknown {
    try {
      return this.realm.importValue(
        this.rpc.call(
          method,
          args.map((a) => this.toHost(a)),
        ),
      );
    } catch (e) {
      if (e instanceof RpcFailure) throw this.realm.error(e.detail.name, e.detail.message);
      throw e;
    }
  }

  make(marker: FacadeMarker): object {
    if (marker.$facade === 'Enum') return this.enumMember(String(marker.handle));
    const spec = this.types[marker.$facade];
    if (!spec) throw this.realm.error('Error', `${marker.$facade} is not emulated`);
    const path = spec.service === marker.$facade ? marker.$facade : `${spec.service}.${marker.$facade}`;
    const target: Record<string, unknown> = { toString: () => marker.$facade };
    const self: FacadeInstance = {
      type: marker.$facade,
      handle: marker.handle,
      data: (marker.data as Record<string, unknown>) ?? {},
      proxy: target,
    };
    for (const name of spec.rpc ?? []) {
      const method = `${spec.service}.${marker.$facade}.${name}`;
      target[name] = (...args: unknown[]) => this.call(method, [self.handle, ...args]);
    }
    for (const [name, fn] of Object.entries(spec.local ?? {}))
      target[name] = (...args: unknown[]) => this.adopting(() => fn(self, args, this));
    for (const [name, values] of Object.entries(spec.props ?? {}))
      target[name] = this.guard(`${path}.${name}`, values);
    self.proxy = this.guard(path, target);
    this.instances.set(self.proxy, self);
    return self.proxy;
  }

  root(service: string, spec: RootSpec): object {
    const target: Record<string, unknown> = { toString: () => service };
    for (const name of spec.rpc ?? [])
      target[name] = (...args: unknown[]) => this.call(`${service}.${name}`, args);
    for (const [name, fn] of Object.entries(spec.local ?? {}))
      target[name] = (...args: unknown[]) => this.adopting(() => fn(args, this));
    for (const [name, values] of Object.entries(spec.enums ?? {}))
      target[name] = this.guard(`${service}.${name}`, values);
    for (const [name, keys] of Object.entries(spec.objectEnums ?? {})) {
      this.enumKeys.set(name, { service, keys });
      const members = Object.fromEntries(keys.map((k) => [k, this.enumMember(`${name}.${k}`)]));
      target[name] = this.guard(`${service}.${name}`, members);
    }
    return this.guard(service, target);
  }

  /** The one object standing for `Enum.KEY` in this realm (so === works), with toString() and name(). */
  enumMember(qualified: string): object {
    const existing = this.enumMembers.get(qualified);
    if (existing) return existing;
    const [enumName, key = ''] = qualified.split('.');
    const known = this.enumKeys.get(enumName);
    const target = {
      toString: () => key,
      name: () => key,
      toJSON: () => key,
      ordinal: () => known?.keys.indexOf(key) ?? -1,
    };
    const member = this.guard(`${known?.service ?? 'Enum'}.${enumName}.${key}`, target);
    this.instances.set(member, { type: 'Enum', handle: qualified, data: {}, proxy: member });
    this.enumMembers.set(qualified, member);
    return member;
  }

  /** Errors raised by worker code reach the bundle as Errors of its own realm. */
  private adopting(fn: () => unknown): unknown {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Error) throw this.realm.error(e.name, e.message);
      throw e;
    }
  }

  instance(value: unknown): FacadeInstance | undefined {
    return typeof value === 'object' && value !== null ? this.instances.get(value) : undefined;
  }

  /** A realm value as plain, cloneable data; facades travel as markers with their handle and data. */
  toHost(value: unknown, depth = 0): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (typeof value === 'function' || depth > 64) return undefined;
    const inst = this.instances.get(value);
    if (inst) return { $facade: inst.type, handle: inst.handle, data: inst.data };
    if (Array.isArray(value)) return value.map((v) => this.toHost(v, depth + 1));
    if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime());
    if (ArrayBuffer.isView(value))
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.toHost(v, depth + 1);
    return out;
  }

  guard<T extends object>(path: string, target: T): T {
    const realm = this.realm;
    return new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
        if (prop === 'then' || prop === 'toJSON') return undefined;
        throw realm.error('Error', `${path}.${prop} is not emulated`);
      },
    });
  }
}
