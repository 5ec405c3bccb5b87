// Saving, testing and deleting the caller's API key. The key is checked, then tried against
// GET /models (free), and only then stored; nothing returned here ever contains it.
import { OpenAIClient } from '../openai/client';
import { PRICES } from '../openai/models';
import { buildChatBody } from '../openai/request';
import type { Clock, HttpPort, PropertyStore } from '../platform/ports';
import { format, type Locale, type MessageKey } from '../i18n/messages';
import { checkApiKey, maskKey } from '../openai/api-key';
import { KEY_PROPERTY, readSettings } from './settings';

const VERIFY_MS = 20000;

export type SaveKeyResult =
  | { ok: true; maskedKey: string; cleaned: boolean; message: string; models: string[] }
  | { ok: false; code: MessageKey; message: string };

export interface KeySetupDeps {
  store: PropertyStore;
  http: HttpPort;
  clock: Clock;
  locale: Locale;
}

export function saveApiKey(raw: unknown, deps: KeySetupDeps): SaveKeyResult {
  const fail = (code: MessageKey, params = {}): SaveKeyResult => ({
    ok: false,
    code,
    message: format(deps.locale, code, params),
  });
  const check = checkApiKey(raw);
  if (!check.ok) return fail(check.problem, { chars: check.chars ?? '' });
  const { baseUrl, model } = readSettings(deps.store);
  const client = new OpenAIClient(deps.http, deps.clock, { apiKey: check.key, baseUrl });
  const listed = client.listModels(deps.clock.now() + VERIFY_MS);
  if (!listed.ok) {
    const reason = listed.error.reason;
    if (reason === 'invalid_key' || reason === 'insufficient_quota' || reason === 'permission')
      return fail(reason);
    if (reason === 'rate_limited' || reason === 'server') return fail(reason);
    return fail('network');
  }
  // Listing models is free and works without credit: one tiny completion tells whether billing is set up.
  const [tried] = client.createChatCompletions([quotaProbe(model)], deps.clock.now() + VERIFY_MS);
  if (!tried.ok && (tried.error.reason === 'insufficient_quota' || tried.error.reason === 'invalid_key')) {
    return fail(tried.error.reason);
  }
  deps.store.set(KEY_PROPERTY, check.key);
  const saved = format(deps.locale, 'key_saved');
  const message = check.cleaned ? `${format(deps.locale, 'key_spaces_removed')} ${saved}` : saved;
  return {
    ok: true,
    maskedKey: maskKey(check.key),
    cleaned: check.cleaned,
    message,
    models: chatModels(listed.value),
  };
}

/** About 20 tokens with the user's model: a fraction of a thousandth of a cent. */
function quotaProbe(model: string) {
  return buildChatBody({ model, system: 'Reply with OK.', user: 'OK?', maxOutputTokens: 16 });
}

export function deleteApiKey(store: PropertyStore): { ok: true } {
  store.delete(KEY_PROPERTY);
  return { ok: true };
}

/** The listed models a formula can use: chat-capable text models, newest families first. */
export function chatModels(ids: string[]): string[] {
  return ids
    .filter((id) => /^(gpt-|o\d|chatgpt-)/.test(id))
    .filter((id) => !/(audio|realtime|image|tts|transcribe|search|embedding|instruct|codex)/.test(id))
    .sort();
}

/** The chat models the stored key can use; the known list when there is no key or the list fails. */
export function listUsableModels(store: PropertyStore, http: HttpPort, clock: Clock): string[] {
  const apiKey = store.get(KEY_PROPERTY);
  const known = Object.keys(PRICES);
  if (!apiKey) return known;
  const client = new OpenAIClient(http, clock, { apiKey, baseUrl: readSettings(store).baseUrl });
  const listed = client.listModels(clock.now() + VERIFY_MS);
  return listed.ok ? chatModels(listed.value) : known;
}
