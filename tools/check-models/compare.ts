// `npm run check-models`: the dated catalogue (src/openai/catalog.json) against what a live key's
// GET /v1/models says today: chat models the catalogue has no price or rule for, shutdown dates it
// does not know (or knows differently), and catalogue models the key no longer lists. It changes
// nothing: an owner acts on it without a release (docs/models-and-prices.md), a maintainer by
// editing the catalogue.
import catalog from '../../src/openai/catalog.json';

export interface ListedModel {
  id: string;
  shutdown_date?: string | null;
}

export interface Comparison {
  /** Chat models the key lists that the catalogue neither prices nor knows a shutdown of. */
  unknown: string[];
  /** Live shutdown dates the catalogue lacks or dates differently. */
  shutdowns: Array<{ id: string; live: string; catalogue: string | null }>;
  /** Catalogue models the key does not list (shut down, or not offered to this key). */
  unlisted: string[];
}

/** Ids of models that answer chat completions (not embeddings, audio, images, moderation...). */
const NOT_CHAT =
  /embedding|tts|whisper|transcribe|dall-e|image|audio|realtime|moderation|search|babbage|davinci|sora|computer-use|codex/i;

export function isChatModel(id: string): boolean {
  return /^(gpt-|o\d|chatgpt-|ft:gpt-)/.test(id) && !NOT_CHAT.test(id);
}

/** A dated snapshot ("gpt-4o-2024-08-06") stands for its alias in the catalogue. */
function alias(id: string): string {
  return id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

export function compare(listed: ListedModel[]): Comparison {
  const prices: Record<string, unknown> = catalog.prices;
  const shutdowns: Record<string, { date: string }> = catalog.shutdowns.models;
  const known = (id: string) =>
    id in prices || id in shutdowns || alias(id) in prices || alias(id) in shutdowns;
  const chat = listed.filter((m) => isChatModel(m.id));
  const unknown = chat.filter((m) => !known(m.id)).map((m) => m.id);
  const dated = chat.filter((m) => typeof m.shutdown_date === 'string');
  const differing = dated
    .map((m) => ({
      id: m.id,
      live: m.shutdown_date as string,
      catalogue: shutdowns[m.id]?.date ?? shutdowns[alias(m.id)]?.date ?? null,
    }))
    .filter((s) => s.catalogue !== s.live);
  const ids = new Set(listed.map((m) => m.id));
  const unlisted = [...new Set([...Object.keys(prices), ...Object.keys(shutdowns)])].filter(
    (id) => !ids.has(id) && !(shutdowns[id] && shutdowns[id].date <= today()),
  );
  return { unknown: unknown.sort(), shutdowns: differing, unlisted: unlisted.sort() };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function report(c: Comparison): string[] {
  const lines = [`catalogue checked ${catalog.checked} (src/openai/catalog.json)`];
  lines.push(
    c.unknown.length
      ? `models the catalogue lacks (no price, no rule; under a dollar budget they are refused until priced): ${c.unknown.join(', ')}`
      : 'models the catalogue lacks: none',
  );
  lines.push(
    c.shutdowns.length
      ? `shutdowns the catalogue does not know: ${c.shutdowns
          .map((s) => `${s.id} ${s.live}${s.catalogue ? ` (catalogue: ${s.catalogue})` : ''}`)
          .join(', ')}`
      : 'shutdowns the catalogue does not know: none',
  );
  if (c.unlisted.length) lines.push(`catalogue models this key does not list: ${c.unlisted.join(', ')}`);
  return lines;
}

export interface Env {
  OPENAI_API_KEY?: string;
  /** Another OpenAI-compatible endpoint (the stub in tests); default https://api.openai.com/v1. */
  OPENAI_BASE_URL?: string;
}

/** Returns the exit code: 0 (also without a key), 2 when the API could not be asked. */
export async function run(env: Env, log: (line: string) => void): Promise<number> {
  const key = env.OPENAI_API_KEY?.trim();
  if (!key) {
    log(
      `npm run check-models: OPENAI_API_KEY is not set, so nothing was compared (catalogue checked ${catalog.checked}). Set the variable to compare the catalogue with the live model list.`,
    );
    return 0;
  }
  const base = (env.OPENAI_BASE_URL || 'https://api.openai.com/v1').replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/models`, { headers: { authorization: `Bearer ${key}` } });
  } catch (e) {
    log(`check-models: could not reach ${base}: ${(e as Error).message}`);
    return 2;
  }
  const body = (await response.json().catch(() => null)) as {
    data?: ListedModel[];
    error?: { message?: string };
  } | null;
  if (!response.ok || !Array.isArray(body?.data)) {
    // The key never appears in what is printed: only the API's message, which masks it.
    log(`check-models: GET /models answered ${response.status}: ${body?.error?.message ?? 'no model list'}`);
    return 2;
  }
  for (const line of report(compare(body.data))) log(line);
  return 0;
}
