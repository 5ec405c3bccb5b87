// Starts the stub in its own Node process, for tests, the demo and the benchmark.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { AdvanceRequest } from './batch-advance';
import type { BatchObject } from './batches';
import type { StubConfig } from './config';
import type { StubStats } from './stats';

export type { ExtraModel, FaultKind, FaultRule, FamilyInput, MissingScopeCode, StubConfig } from './config';
export type { CapturedExchange, StubStats } from './stats';
export type { BatchObject, BatchStatus, BatchUsage } from './batches';
export type { BatchError } from './batch-input';
export type { BatchRequestOutput } from './batch-results';
export type { OpenAIFileObject } from './files';

/** POST /__stub/batches/advance: every field optional (see the README). */
export type AdvanceBatches = Partial<AdvanceRequest>;

export interface StubHandle {
  /** http://127.0.0.1:PORT, without /v1. */
  baseUrl: string;
  configure(partial: Partial<StubConfig>): Promise<void>;
  stats(): Promise<StubStats>;
  /** Clears statistics, captured bodies, rate windows, the prompt cache, files and batches. */
  reset(): Promise<void>;
  /** Moves batches on (one by `id`, or all not yet ended) and returns them as Batch objects. */
  advanceBatches(request?: AdvanceBatches): Promise<BatchObject[]>;
  stop(): Promise<void>;
}

const READY = /^openai-stub listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;

let bundlePath: string | null = null;

export async function startStub(config: Partial<StubConfig> = {}): Promise<StubHandle> {
  // The IPC channel is only a lifeline: the stub exits when it closes, so a test process that dies
  // without calling stop() leaves no server behind.
  const child = spawn(process.execPath, [bundle(), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const baseUrl = await waitUntilListening(child);
  const handle = makeHandle(child, baseUrl);
  if (Object.keys(config).length > 0) await handle.configure(config);
  return handle;
}

function makeHandle(child: ChildProcess, baseUrl: string): StubHandle {
  return {
    baseUrl,
    configure: async (partial) => {
      await control(baseUrl, 'POST', '/__stub/config', partial);
    },
    stats: async () => (await control(baseUrl, 'GET', '/__stub/stats')) as StubStats,
    reset: async () => {
      await control(baseUrl, 'POST', '/__stub/reset');
    },
    advanceBatches: async (request = {}) =>
      ((await control(baseUrl, 'POST', '/__stub/batches/advance', request)) as { data: BatchObject[] }).data,
    stop: () => stopChild(child),
  };
}

async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const value: unknown = await response.json();
  if (!response.ok) throw new Error(`openai-stub ${method} ${path} failed: ${JSON.stringify(value)}`);
  return value;
}

/**
 * Bundles main.ts to .cache/openai-stub/main.mjs once per process and returns its path; a rename
 * makes the file appear whole to test workers building it at the same time.
 */
export function bundle(): string {
  if (bundlePath && existsSync(bundlePath)) return bundlePath;
  const root = repoRoot();
  const outfile = join(root, '.cache', 'openai-stub', 'main.mjs');
  const temp = `${outfile}.${process.pid}.${Date.now()}.tmp.mjs`;
  mkdirSync(dirname(outfile), { recursive: true });
  buildSync({
    entryPoints: [join(root, 'tools', 'openai-stub', 'main.ts')],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  renameSync(temp, outfile);
  bundlePath = outfile;
  return outfile;
}

/**
 * The directory holding tools/openai-stub/main.ts, searched upwards from this file (when it is
 * not bundled), from the script being run, and from the working directory.
 */
function repoRoot(): string {
  const script = process.argv[1] ? dirname(process.argv[1]) : null;
  const starts = [typeof __dirname === 'string' ? __dirname : null, script, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir;) {
      if (existsSync(join(dir, 'tools', 'openai-stub', 'main.ts'))) return dir;
      const parent = dirname(dir);
      dir = parent === dir ? null : parent;
    }
  }
  throw new Error(
    'openai-stub: cannot find tools/openai-stub/main.ts above this file, the script or the working directory',
  );
}

function waitUntilListening(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`openai-stub did not start: ${why}${stderr ? `\n${stderr.slice(-2000)}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`no "listening" line within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    const onStderr = (chunk: Buffer): void => {
      stderr += chunk.toString();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited with ${signal ?? code}`);
    child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
    child.stdout?.on('data', function onData(chunk: Buffer) {
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      // Forward the stub's own errors; pipe() would add listeners to process.stderr at every start.
      child.stderr?.off('data', onStderr).on('data', (c: Buffer) => process.stderr.write(c));
      // Keep draining stdout so the child never blocks on a full pipe.
      child.stdout?.off('data', onData).resume();
      resolvePromise(match[1]);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
