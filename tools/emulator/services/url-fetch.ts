// UrlFetchApp handlers: real HTTP from the host, in parallel for fetchAll, with Apps Script's errors.
import type { Execution, HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade } from '../protocol';
import { list, record, str } from './args';
import { encodePayload } from './fetch-payload';

interface FetchRequest {
  url: string;
  params: Record<string, unknown>;
}

export interface ResponseData {
  code: number;
  headers: Record<string, string>;
  allHeaders: Record<string, string | string[]>;
  body: Uint8Array;
}

const USER_AGENT =
  'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd)';
const TRUNCATE_AT = 100;

export function urlFetchHandlers(host: HostState): HandlerTable {
  return {
    'UrlFetchApp.fetch': async (exec, [url, params]) => {
      const request = { url: str(url, 'url'), params: params === undefined ? {} : record(params, 'params') };
      const [response] = await fetchAll(host, exec, [request]);
      return facade('HTTPResponse', null, response);
    },
    'UrlFetchApp.fetchAll': async (exec, [requests]) => {
      const all = list(requests, 'requests').map(toRequest);
      return (await fetchAll(host, exec, all)).map((r) => facade('HTTPResponse', null, r));
    },
  };
}

function toRequest(value: unknown): FetchRequest {
  if (typeof value === 'string') return { url: value, params: {} };
  const params = record(value, 'requests');
  return { url: str(params.url, 'url'), params };
}

async function fetchAll(host: HostState, exec: Execution, requests: FetchRequest[]): Promise<ResponseData[]> {
  for (const r of requests) checkWhitelist(host.config.whitelist, r.url);
  const inits = requests.map((r) => requestInit(r.params));
  for (const init of inits) checkPostSize(init, host.config.urlFetchMaxPostBytes);
  // Every request of a fetchAll counts toward the daily URL Fetch calls, charged to the effective user.
  host.quotas.charge(exec.storeUser, 'urlFetchCalls', requests.length);
  exec.urlFetchRequests += requests.length;
  host.totals.urlFetchRequests += requests.length;
  const responses = await Promise.all(requests.map((r, i) => send(host, exec, r.url, inits[i])));
  for (const response of responses) checkResponseSize(response, host.config.urlFetchMaxResponseBytes);
  requests.forEach((r, i) => {
    if (r.params.muteHttpExceptions !== true && responses[i].code >= 400)
      throw requestFailed(r.url, responses[i]);
  });
  return responses;
}

/** Prefix match against the manifest's urlFetchWhitelist; '*' matches within one host name. */
function checkWhitelist(whitelist: string[] | undefined, url: string): void {
  if (!whitelist) return;
  const matches = (prefix: string) =>
    new RegExp(`^${prefix.split('*').map(escapeRegExp).join('[^/]*')}`).test(url);
  if (!whitelist.some(matches)) {
    throw new Error(
      `Script is not allowed to fetch ${url}: add it to urlFetchWhitelist in the manifest (appsscript.json).`,
    );
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rewrite(hostMap: Record<string, string>, url: string): string {
  for (const [from, to] of Object.entries(hostMap)) {
    const base = from.replace(/\/$/, '');
    const next = url.charAt(base.length);
    if (url.startsWith(base) && (next === '' || next === '/' || next === '?'))
      return to.replace(/\/$/, '') + url.slice(base.length);
  }
  return url;
}

async function send(host: HostState, exec: Execution, url: string, init: RequestInit): Promise<ResponseData> {
  const timeout = AbortSignal.timeout(host.config.urlFetchTimeoutMs);
  try {
    const res = await fetch(rewrite(host.config.hostMap, url), {
      ...init,
      signal: AbortSignal.any([timeout, exec.abort.signal]),
    });
    const body = new Uint8Array(await res.arrayBuffer());
    return { code: res.status, ...headersOf(res.headers), body };
  } catch (e) {
    throw fetchError(url, e, timeout.aborted);
  }
}

function requestInit(params: Record<string, unknown>): RequestInit {
  const method = String(params.method ?? 'get').toUpperCase();
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
  for (const [k, v] of Object.entries((params.headers as Record<string, unknown> | undefined) ?? {}))
    headers[k] = String(v);
  const init: RequestInit = {
    method,
    headers,
    redirect: params.followRedirects === false ? 'manual' : 'follow',
  };
  if (params.payload === undefined || params.payload === null || method === 'GET' || method === 'HEAD')
    return init;
  const { body, type } = encodePayload(params.payload);
  init.body = body;
  // A contentType (or Content-Type header) given with an object payload replaces only the header:
  // the body stays form-encoded, so 'multipart/form-data' without the boundary reaches the server.
  const contentType = params.contentType ?? headerValue(headers, 'content-type') ?? type;
  deleteHeader(headers, 'content-type');
  headers['Content-Type'] = String(contentType);
  return init;
}

/**
 * "URL Fetch POST size 50 MB / call" (quotas page). The message is REPORTED (quoted in code that
 * handles it), not official; 50 MB is taken as 50,000,000 bytes, the smaller reading.
 */
function checkPostSize(init: RequestInit, limit: number): void {
  const body = init.body;
  const size =
    typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.length : 0;
  if (size > limit) throw new Error('Limit Exceeded: URLFetch POST Size.');
}

/**
 * "URL Fetch response size 50 MB / call" (quotas page), taken as 50,000,000 bytes of each response's
 * body. The message is a choice, in the form of the POST one: no source quotes the real one.
 */
function checkResponseSize(response: ResponseData, limit: number): void {
  if (response.body.length > limit) throw new Error('Limit Exceeded: URLFetch Response Size.');
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) delete headers[k];
}

function headersOf(h: Headers): Pick<ResponseData, 'headers' | 'allHeaders'> {
  const headers: Record<string, string> = {};
  const allHeaders: Record<string, string | string[]> = {};
  h.forEach((value, name) => {
    headers[name] = value;
    allHeaders[name] = value;
  });
  const cookies = h.getSetCookie();
  if (cookies.length) {
    headers['set-cookie'] = cookies[0];
    allHeaders['set-cookie'] = cookies.length > 1 ? cookies : cookies[0];
  }
  return { headers, allHeaders };
}

function requestFailed(url: string, response: ResponseData): Error {
  const text = Buffer.from(response.body).toString('utf8');
  const shown = text.length > TRUNCATE_AT ? `${text.slice(0, TRUNCATE_AT)}...` : text;
  return new Error(
    `Request failed for ${originOf(url)} returned code ${response.code}. Truncated server response: ${shown} ` +
      '(use muteHttpExceptions option to examine full response)',
  );
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function fetchError(url: string, error: unknown, timedOut: boolean): Error {
  if (timedOut) return new Error(`Timeout: ${url}`);
  const code = causeCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Error(`DNS error: ${url}`);
  if (code === 'ECONNREFUSED' || code === 'EADDRNOTAVAIL' || code === 'EHOSTUNREACH') {
    return new Error(`Address unavailable: ${url}`);
  }
  if (/invalid url|failed to parse/i.test(String((error as { message?: unknown } | null)?.message))) {
    return new Error(`Invalid argument: ${url}`);
  }
  return new Error(`Unexpected error: ${url}`);
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
