// Shared setup for the emulator tests: the fixture bundle and a tiny HTTP server on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Emulator, type EmulatorOptions } from '../../tools/emulator';

export const FIXTURE = join(__dirname, 'fixtures', 'addon.js');
/** The platform fixture: metadata, formats, dates, owners, add-on triggers, quotas. */
export const PLATFORM_FIXTURE = join(__dirname, 'fixtures', 'platform.js');

export function createEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return Emulator.create({ codePath: FIXTURE, ...opts });
}

export function createPlatformEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return Emulator.create({ codePath: PLATFORM_FIXTURE, ...opts });
}

export interface TestServer {
  origin: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export async function startServer(route: Route): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
