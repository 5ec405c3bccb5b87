// Synchronous calls from the worker to the host: post a request, block on a shared flag until the host
// has posted the reply, then read it off the port without returning to the event loop.
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { RpcReply, WorkerMessage } from '../protocol';
import type { ExecutionError } from '../types';

export class RpcFailure extends Error {
  constructor(readonly detail: ExecutionError) {
    super(detail.message);
  }
}

export class RpcClient {
  private readonly flag: Int32Array;
  private nextId = 1;

  constructor(
    private readonly port: MessagePort,
    flag: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(flag);
  }

  call(method: string, args: unknown[]): unknown {
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    this.post({ type: 'rpc', id, method, args });
    for (;;) {
      Atomics.wait(this.flag, 0, 0, 1000);
      const received = receiveMessageOnPort(this.port);
      if (!received) continue;
      const reply = received.message as RpcReply;
      if (reply.id !== id) continue;
      if (reply.ok) return reply.value;
      throw new RpcFailure(reply.error);
    }
  }

  post(message: WorkerMessage): void {
    this.port.postMessage(message);
  }
}
