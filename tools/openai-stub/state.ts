// Everything the running stub keeps: its switches, rate windows, fault plan, statistics and timers.

import { BatchStore } from './batches';
import { defaultConfig, type StubConfig } from './config';
import { FaultPlanner } from './faults';
import { FileStore } from './files';
import { OfferedModels } from './models';
import { PromptCache } from './prompt-cache';
import { seededRandom } from './random';
import { RateLimiter } from './rate-limits';
import { StatsRecorder } from './stats';

export class StubState {
  config: StubConfig;
  readonly limiter = new RateLimiter();
  readonly stats = new StatsRecorder();
  readonly promptCache = new PromptCache();
  readonly files = new FileStore();
  readonly batches = new BatchStore();
  planner: FaultPlanner;
  models: OfferedModels;
  private jitter: () => number;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(initial: Partial<StubConfig> = {}) {
    this.config = { ...defaultConfig(), ...initial };
    this.planner = new FaultPlanner(this.config.faults, this.config.seed);
    this.jitter = jitterRandom(this.config.seed);
    this.models = new OfferedModels(this.config);
  }

  configure(patch: Partial<StubConfig>): void {
    this.config = { ...this.config, ...patch };
    if (patch.faults !== undefined || patch.seed !== undefined) {
      this.planner = new FaultPlanner(this.config.faults, this.config.seed);
    }
    if (patch.seed !== undefined) this.jitter = jitterRandom(this.config.seed);
    if (patch.models !== undefined || patch.extraModels !== undefined)
      this.models = new OfferedModels(this.config);
  }

  /**
   * Clears statistics, captured bodies, rate windows, the prompt cache, files and batches (so no
   * batch of an earlier test counts toward the enqueued-token limit); the switches stay as they are.
   */
  reset(): void {
    this.stats.reset();
    this.limiter.reset();
    this.promptCache.reset();
    this.files.reset();
    this.batches.reset();
  }

  /** The stub's clock in ms: the real time plus `clockOffsetMs`. */
  now(): number {
    return Date.now() + this.config.clockOffsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Base latency plus jitter for the next chat request. */
  latency(): number {
    const { latencyMs, latencyJitterMs } = this.config;
    return latencyMs + (latencyJitterMs > 0 ? Math.floor(this.jitter() * latencyJitterMs) : 0);
  }

  /** Resolves after `ms`, or never once the server is closed. */
  delay(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return this.closed ? new Promise(() => undefined) : Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function jitterRandom(seed: number): () => number {
  // A different stream from the fault plan's, so adding a fault rule does not change latencies.
  return seededRandom(seed ^ 0x5bd1e995);
}
