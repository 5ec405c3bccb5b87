// The owner's "send every row alone" setting, for data nobody vouches for: no row shares a request
// with another, so whatever a row says can only decide its own answer, whether or not
// injection.ts recognises it. It costs the fixed part of a request (instructions, schema) once per
// row instead of once per batch; isolationCost estimates how much.
import { capabilitiesOf } from '../openai/models';
import { makeBatch } from './batch';
import { sentimentTask } from './tasks';

/** Document property: `{on: boolean, setBy: identity hash}`, written by the owner only. */
export const ISOLATE_ROWS_KEY = 'settings:isolateRows';

export function readIsolateRows(props: Record<string, string>): boolean {
  try {
    return (JSON.parse(props[ISOLATE_ROWS_KEY] ?? '{}') as { on?: unknown }).on === true;
  } catch {
    return false;
  }
}

export function isolateRowsValue(on: boolean, setBy: string): string {
  return JSON.stringify({ on, setBy });
}

/** A typical review, for the estimate the sidebar shows. */
const SAMPLE = 'The kettle boils fast and looks great on the counter, but the lid is a bit stiff.';

/**
 * Estimated tokens per row (input estimate and output cap, as the budget reserves them) of a
 * sentiment formula over typical reviews: each row alone, and in full batches.
 */
export function isolationCost(model: string): { alone: number; batched: number } {
  const task = sentimentTask();
  const params = { model, caps: capabilitiesOf(model) };
  const texts = Array.from({ length: task.batchSize }, (_, i) => `${SAMPLE} (${i})`);
  const alone = makeBatch(texts, [0], task, params).estimatedTokens;
  const full = makeBatch(texts, [...texts.keys()], task, params).estimatedTokens;
  return { alone, batched: Math.ceil(full / texts.length) };
}
