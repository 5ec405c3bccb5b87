// An OpenAI-compatible HTTP server on loopback: the /v1 API, plus /__stub control endpoints.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import * as errors from './api-errors';
import { handleApi } from './api-routes';
import type { StubConfig } from './config';
import { handleControl } from './control-routes';
import { Exchange } from './exchange';
import { StubState } from './state';

export type { FaultRule, StubConfig } from './config';
export type { StubStats } from './stats';

export interface StubServer {
  /** Listens on 127.0.0.1 (port 0: any free port) and resolves with the port. */
  listen(port?: number): Promise<number>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** "Individual files can be up to 512 MB" (POST /v1/files), plus room for the multipart framing. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024 + 64 * 1024;

export function createStubServer(config: Partial<StubConfig> = {}): StubServer {
  const stub = new StubState(config);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(stub, req, res).catch((error: unknown) => {
      console.error('openai-stub: request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errors.serverError().body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    listen: (port = 0) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        stub.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handle(stub: StubState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const upload = method === 'POST' && path === '/v1/files';
  const { bytes, tooLarge } = await readBody(req, upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
  const rawBody = upload ? '' : bytes.toString('utf8');
  if (path.startsWith('/__stub/')) return handleControl(stub, method, path, rawBody, res);
  stub.stats.begin();
  res.on('close', () => stub.stats.end());
  const ex = new Exchange(req, res, path, (record) => stub.stats.finished(record, stub.config.captureBodies));
  // An upload is captured as what it holds (files-routes.ts), not as its bytes.
  ex.body = upload ? { bytes: bytes.length } : captureBody(rawBody);
  if (tooLarge && upload) return ex.error(errors.fileTooLarge());
  if (tooLarge) return ex.error(errors.invalidValue('body', 'Request body too large.'));
  if (path.startsWith('/v1/') || path === '/v1') return handleApi(stub, ex, { text: rawBody, bytes });
  ex.error(errors.invalidUrl(method, path));
}

function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and discarded, so the client still gets an answer.
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      const tooLarge = size > limit;
      resolve({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge });
    });
    req.on('error', reject);
  });
}

function captureBody(rawBody: string): unknown {
  if (rawBody === '') return null;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}
