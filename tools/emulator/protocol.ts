// Messages between the host (main thread) and an execution worker.
import type { AuthModeName, ExecutionError, ExecutionKind } from './types';

/** Sent by the host to start one execution in a worker. */
export interface RunJob {
  executionId: number;
  fn: string;
  args: unknown[];
  kind: ExecutionKind;
  authMode: AuthModeName;
}

/** Worker -> host, over the execution port. */
export type WorkerMessage =
  | { type: 'rpc'; id: number; method: string; args: unknown[] }
  | { type: 'log'; line: string }
  | { type: 'done'; ok: boolean; value?: unknown; error?: ExecutionError };

/** Host -> worker reply to an rpc, read synchronously with receiveMessageOnPort. */
export type RpcReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ExecutionError };

/** Data given to a worker when it starts. */
export interface WorkerBoot {
  code: string;
  codeFilename: string;
  /** Int32 flag the host sets to 1 and notifies when a reply is posted. */
  flag: SharedArrayBuffer;
  /** Float64 emulator clock offset in ms, shared by all workers. */
  clock: SharedArrayBuffer;
  /** The manifest's timeZone: the bundle's local-time Date methods follow it. */
  scriptTimeZone: string;
}

/**
 * A service object (Range, Cache, HTTPResponse...) travelling from host to worker. `handle` identifies it
 * to the host on later calls; `data` carries state the worker uses for local methods.
 */
export interface FacadeMarker {
  $facade: string;
  handle?: unknown;
  data?: unknown;
}

export function isFacadeMarker(value: unknown): value is FacadeMarker {
  return typeof value === 'object' && value !== null && typeof (value as FacadeMarker).$facade === 'string';
}

export function facade(type: string, handle?: unknown, data?: unknown): FacadeMarker {
  return { $facade: type, handle, data };
}
