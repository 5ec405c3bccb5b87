// Worker entry: runs one execution at a time. Each execution gets a fresh vm context in which the bundle
// is evaluated again (Apps Script loads the whole script for every execution); the compiled script is
// reused across executions.
import vm from 'node:vm';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type FacadeMarker, type RunJob, type WorkerBoot, isFacadeMarker } from '../protocol';
import type { ExecutionError } from '../types';
import { FacadeEnv } from './facades';
import { FACADE_TYPES } from './facade-types';
import { defineGlobals } from './globals';
import { createRealm } from './realm';
import { RpcClient } from './rpc';

const boot = workerData as WorkerBoot & { port: MessagePort };
const declared = declaredFunctions(boot.code);
const compiled = compile();
const clock = new Float64Array(boot.clock);
const rpc = new RpcClient(boot.port, boot.flag);

parentPort?.on('message', (job: RunJob) => run(job));

function run(job: RunJob): void {
  const hooks = {
    isMarker: isFacadeMarker,
    makeFacade: (m: unknown) => env.make(m as FacadeMarker),
    nowMs: () => Date.now() + clock[0],
    timeZone: boot.scriptTimeZone,
  };
  const realm = createRealm(hooks);
  const env = new FacadeEnv(realm, rpc, FACADE_TYPES);
  defineGlobals(env, (line) => rpc.post({ type: 'log', line }));
  try {
    if (!(compiled instanceof vm.Script)) throw compiled;
    compiled.runInContext(realm.context);
    const fn = resolve(realm.context, job);
    const args = job.args.map((a) => realm.importValue(a));
    const value = env.toHost(fn(...args));
    finish({ type: 'done', ok: true, value });
  } catch (e) {
    finish({ type: 'done', ok: false, error: describe(e) });
  }
}

function finish(message: { type: 'done'; ok: boolean; value?: unknown; error?: ExecutionError }): void {
  try {
    rpc.post(message);
  } catch (e) {
    rpc.post({
      type: 'done',
      ok: false,
      error: { name: 'Error', message: `Result could not be returned: ${describe(e).message}` },
    });
  }
}

/** A syntax error in the bundle fails every execution, as it would on the platform. */
function compile(): vm.Script | Error {
  try {
    return new vm.Script(boot.code, { filename: boot.codeFilename });
  } catch (e) {
    return e as Error;
  }
}

/** Only top-level `function NAME(` declarations are callable, as in Apps Script. */
function resolve(context: vm.Context, job: RunJob): (...args: unknown[]) => unknown {
  const globals = context as Record<string, unknown>;
  let name = job.fn;
  if (job.kind === 'custom' && !declared.has(name)) {
    name = [...declared].find((d) => d.toUpperCase() === name.toUpperCase()) ?? name;
  }
  const fn = globals[name];
  if (!declared.has(name) || typeof fn !== 'function' || (job.kind === 'custom' && name.endsWith('_'))) {
    const message =
      job.kind === 'custom' ? `Unknown function: '${job.fn}'.` : `Script function not found: ${job.fn}`;
    throw { name: 'Exception', message };
  }
  return fn as (...args: unknown[]) => unknown;
}

function declaredFunctions(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/gm)) names.add(m[1]);
  return names;
}

function describe(e: unknown): ExecutionError {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const err = e as { name?: unknown; message?: unknown; stack?: unknown };
    const out: ExecutionError = { name: String(err.name ?? 'Error'), message: String(err.message) };
    if (typeof err.stack === 'string') out.stack = err.stack;
    return out;
  }
  return { name: 'Error', message: String(e) };
}
