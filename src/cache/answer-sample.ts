// The texts this spreadsheet asked and the answers it got, per model and task: what a preview of a
// model change compares against (features/model-preview). The answer cache cannot give them back
// (its keys are hashes and CacheService cannot list keys), so each commit that got fresh answers
// also records a bounded sample here: one document-cache entry, at most SAMPLE_ITEMS items of
// texts up to SAMPLE_TEXT_CHARS, under 90 KB (CacheService holds 100 KB a value), kept 6 hours
// after the last formula that added to it, as the answers themselves are. Texts are kept as they
// were sent: masked when masking was on.
import type { Task } from '../engine/tasks';
import { sha256Hex, utf8Length } from '../engine/sha256';
import type { KeyValueCache } from '../platform/ports';
import { CACHE_TTL_SECONDS } from './answer-cache';

export const SAMPLE_ITEMS = 300;
const SAMPLE_TEXT_CHARS = 500;
const SAMPLE_BYTES = 90_000;

export function sampleKey(epoch: string): string {
  return `as1:${epoch}`;
}

/** What a model's answers cost and took, over every commit that recorded some. */
export interface ModelRecord {
  rows: number;
  usd: number;
  /** Tokens nobody could price (a model without a known price). */
  unpriced: number;
  ms: number;
}

export interface AnswerSample {
  /** Task by a short hash of its signature: enough to ask the same again. */
  tasks: Record<string, Task>;
  /** [task hash, model, text, answer], oldest first. */
  items: Array<[string, string, string, string]>;
  models: Record<string, ModelRecord>;
}

export function readSample(cache: KeyValueCache, epoch: string): AnswerSample {
  const raw = cache.getAll([sampleKey(epoch)])[sampleKey(epoch)];
  try {
    const parsed = raw ? (JSON.parse(raw) as AnswerSample) : null;
    if (parsed && Array.isArray(parsed.items)) return { ...parsed, models: parsed.models ?? {} };
  } catch {
    // a damaged sample starts afresh; it only feeds previews
  }
  return { tasks: {}, items: [], models: {} };
}

export interface Recorded {
  task: Task;
  model: string;
  answers: Array<[string, string]>;
  usage: ModelRecord;
}

/** Adds answers (one getAll, one putAll; called under the document lock, as pack writes are). */
export function recordSample(cache: KeyValueCache, epoch: string, recorded: Recorded): void {
  const sample = readSample(cache, epoch);
  const id = sha256Hex(recorded.task.signature).slice(0, 12);
  sample.tasks[id] = recorded.task;
  const seen = new Set(sample.items.map(([t, m, text]) => `${t}\u0000${m}\u0000${text}`));
  for (const [text, answer] of recorded.answers) {
    if (text.length > SAMPLE_TEXT_CHARS || seen.has(`${id}\u0000${recorded.model}\u0000${text}`)) continue;
    sample.items.push([id, recorded.model, text, answer]);
  }
  const m = (sample.models[recorded.model] ??= { rows: 0, usd: 0, unpriced: 0, ms: 0 });
  m.rows += recorded.usage.rows;
  m.usd += recorded.usage.usd;
  m.unpriced += recorded.usage.unpriced;
  m.ms += recorded.usage.ms;
  sample.items = sample.items.slice(-SAMPLE_ITEMS);
  let json = JSON.stringify(pruned(sample));
  while (utf8Length(json) > SAMPLE_BYTES && sample.items.length) {
    sample.items = sample.items.slice(Math.ceil(sample.items.length / 10));
    json = JSON.stringify(pruned(sample));
  }
  cache.putAll({ [sampleKey(epoch)]: json }, CACHE_TTL_SECONDS);
}

/** Tasks no item refers to any more are dropped. */
function pruned(sample: AnswerSample): AnswerSample {
  const used = new Set(sample.items.map(([t]) => t));
  return { ...sample, tasks: Object.fromEntries(Object.entries(sample.tasks).filter(([t]) => used.has(t))) };
}
