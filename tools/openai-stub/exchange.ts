// One HTTP request and its answer: the headers every API response carries, and the record kept of it.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './api-errors';
import type { CapturedExchange } from './stats';

export type Finished = (exchange: CapturedExchange) => void;

export class Exchange {
  readonly started = Date.now();
  readonly requestId = `req_${randomBytes(16).toString('hex')}`;
  /** The x-ratelimit-* headers for the caller's key, filled in once the key is known. */
  rateHeaders: Record<string, string> = {};
  /** The request body as captured: parsed JSON, the raw text if it is not JSON, or null if empty. */
  body: unknown = null;
  private done = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly path: string,
    private readonly onFinished: Finished,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    this.send(status, 'application/json', JSON.stringify(value), value, headers);
  }

  error(error: ApiError): void {
    if (error.bare) this.rateHeaders = {};
    this.json(error.status, error.body, error.headers);
  }

  send(
    status: number,
    contentType: string,
    text: string | Buffer,
    captured: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (this.done) return;
    this.done = true;
    this.res.writeHead(status, {
      'content-type': contentType,
      'x-request-id': this.requestId,
      'openai-processing-ms': String(Date.now() - this.started),
      'openai-organization': 'org-stub',
      'openai-version': '2020-10-01',
      ...this.rateHeaders,
      ...headers,
    });
    this.res.end(text);
    this.onFinished({ method: this.method, path: this.path, body: this.body, status, response: captured });
  }

  /** Ends the connection without an answer; `reset` sends a TCP RST instead of a normal close. */
  drop(reset: boolean): void {
    if (this.done) return;
    this.done = true;
    const socket = this.req.socket;
    if (reset && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
    this.onFinished({ method: this.method, path: this.path, body: this.body, status: 0 });
  }
}
