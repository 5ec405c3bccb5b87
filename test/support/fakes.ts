// In-memory ports for unit tests.
import type {
  Clock,
  HttpPort,
  HttpRequest,
  HttpResponse,
  KeyValueCache,
  Mutex,
  PropertyStore,
} from '../../src/platform/ports';

export class FakeClock implements Clock {
  sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 10, 23, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export type Responder = (request: HttpRequest, call: number) => HttpResponse | Error;

/** Answers each request with a responder; counts calls; advances the clock per wave if asked. */
export class ScriptedHttp implements HttpPort {
  requests: HttpRequest[] = [];
  waves = 0;
  constructor(
    private readonly responder: Responder,
    private readonly clock?: FakeClock,
    private readonly waveMs = 0,
  ) {}
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.waves++;
    if (this.clock) this.clock.time += this.waveMs;
    return requests.map((r) => {
      this.requests.push(r);
      const out = this.responder(r, this.requests.length);
      if (out instanceof Error) throw out;
      return out;
    });
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'x-request-id': `req_${status}`, ...headers }, body: JSON.stringify(body) };
}

export function apiError(
  status: number,
  code: string | null,
  type = 'invalid_request_error',
  headers = {},
): HttpResponse {
  return json(status, { error: { message: `error ${code}`, type, code, param: null } }, headers);
}

export class MemoryStore implements PropertyStore {
  constructor(public data: Record<string, string> = {}) {}
  get(key: string) {
    return this.data[key] ?? null;
  }
  getAll() {
    return { ...this.data };
  }
  set(key: string, value: string) {
    this.data[key] = value;
  }
  setAll(values: Record<string, string>) {
    Object.assign(this.data, values);
  }
  delete(key: string) {
    delete this.data[key];
  }
}

export class MemoryCache implements KeyValueCache {
  data = new Map<string, string>();
  reads = 0;
  getAll(keys: string[]) {
    this.reads++;
    const out: Record<string, string> = {};
    for (const k of keys) if (this.data.has(k)) out[k] = this.data.get(k) as string;
    return out;
  }
  putAll(values: Record<string, string>) {
    for (const [k, v] of Object.entries(values)) this.data.set(k, v);
  }
  removeAll(keys: string[]) {
    for (const k of keys) this.data.delete(k);
  }
}

export const freeMutex: Mutex = { withLock: (_ms, fn) => fn() };
