// Saving, testing and deleting the caller's API key. The key is cleaned and checked, then tried
// against GET /models (free) and one tiny completion, and only then stored; nothing returned here
// ever contains it. Failures are told apart by the API's error code, not by the status alone: a
// revoked key, an account without credit, a restricted key without the model permission.
import { permissionFor } from '../engine/failures';
import { format, type Locale, type MessageKey, type MessageParams } from '../i18n/messages';
import { checkApiKey, maskKey, type KeyCleaning } from '../openai/api-key';
import { OpenAIClient, type ListedModel } from '../openai/client';
import type { APIError } from '../openai/errors';
import { decideModel, utcDay, type ModelSnapshot } from '../openai/model-choice';
import { buildChatBody } from '../openai/request';
import type { Clock, HttpPort, PropertyStore } from '../platform/ports';
import { ensureUserId } from './identity';
import { BACKUP_KEY_PROPERTY } from './keys';
import {
  chatModels,
  KEY_PROPERTY,
  modelOptions,
  readModelSnapshot,
  readSettings,
  saveModelSnapshot,
  type ModelOption,
} from './settings';

const VERIFY_MS = 20000;

export type SaveKeyResult =
  | {
      ok: true;
      maskedKey: string;
      cleaned: boolean;
      message: string;
      /** The model formulas will use. */
      model: string;
      /** The key could not list models (its list permission is off). */
      listed: boolean;
      models: ModelOption[];
    }
  | { ok: false; code: MessageKey; message: string };

export interface KeySetupDeps {
  store: PropertyStore;
  http: HttpPort;
  clock: Clock;
  locale: Locale;
  newId: () => string;
}

/** The main key, or the backup used when OpenAI refuses the main one. */
export type KeySlot = 'main' | 'backup';

const SLOT_PROPERTY: Record<KeySlot, string> = { main: KEY_PROPERTY, backup: BACKUP_KEY_PROPERTY };

type Listing =
  { ok: true; models: ListedModel[] | null } | { ok: false; code: MessageKey; params?: MessageParams };

export function saveApiKey(raw: unknown, deps: KeySetupDeps, slot: KeySlot = 'main'): SaveKeyResult {
  const fail = (code: MessageKey, params: MessageParams = {}): SaveKeyResult => ({
    ok: false,
    code,
    message: format(deps.locale, code, params),
  });
  const check = checkApiKey(raw);
  if (!check.ok) return fail(check.problem, { chars: check.chars ?? '' });
  // What was removed from the pasted text is said whatever OpenAI answers: after a refusal it is
  // the first thing a person wonders about.
  const removed = cleaningNotes(deps.locale, check.cleaning);
  const refuse = (code: MessageKey, params: MessageParams = {}): SaveKeyResult => ({
    ok: false,
    code,
    message: [...removed, format(deps.locale, code, params)].join(' '),
  });
  const settings = readSettings(deps.store);
  const client = new OpenAIClient(deps.http, deps.clock, { apiKey: check.key, baseUrl: settings.baseUrl });
  const listing = listFor(client, deps.clock);
  if (!listing.ok) return refuse(listing.code, listing.params);
  const today = utcDay(deps.clock.now());
  const snapshot: ModelSnapshot | undefined = listing.models
    ? {
        at: deps.clock.now(),
        models: Object.fromEntries(chatModels(listing.models).map((m) => [m.id, m.shutdownDate])),
      }
    : readModelSnapshot(deps.store);
  const model = decideModel(settings.model, today, snapshot).model;
  // Listing models is free and works without credit or without the permission to call models:
  // one tiny completion (about 20 tokens, charged to no budget) tells both.
  const [tried] = client.createChatCompletions([quotaProbe(model)], deps.clock.now() + VERIFY_MS);
  if (!tried.ok) {
    const refused = refusal(tried.error);
    if (refused) return refuse(refused.code, refused.params);
  }
  deps.store.set(SLOT_PROPERTY[slot], check.key);
  ensureUserId(deps.store, deps.newId);
  if (listing.models) saveModelSnapshot(deps.store, listing.models, deps.clock.now());
  return {
    ok: true,
    maskedKey: maskKey(check.key),
    cleaned: check.cleaned,
    message: savedMessage(deps.locale, check.cleaning, listing.models !== null, model),
    model,
    listed: listing.models !== null,
    models: modelOptions(snapshot, settings.prices),
  };
}

/** The key's model list; null when the key may not list models (it may still call them). */
function listFor(client: OpenAIClient, clock: Clock): Listing {
  const listed = client.listModels(clock.now() + VERIFY_MS);
  if (listed.ok) return { ok: true, models: listed.value };
  const reason = listed.error.reason;
  if (reason === 'missing_scope' || reason === 'permission') return { ok: true, models: null };
  if (reason === 'invalid_key' || reason === 'insufficient_quota' || reason === 'not_found')
    return { ok: false, code: reason };
  if (reason === 'rate_limited' || reason === 'server') return { ok: false, code: reason };
  return { ok: false, code: 'network' };
}

/** Failures of the probe that mean the key cannot be used for formulas. */
function refusal(error: APIError): { code: MessageKey; params?: MessageParams } | null {
  if (error.reason === 'missing_scope') return { code: 'missing_scope', params: permissionFor(error) };
  if (error.reason === 'insufficient_quota' || error.reason === 'invalid_key') return { code: error.reason };
  return null;
}

/** One sentence per kind of thing removed from or changed in the pasted key. */
function cleaningNotes(locale: Locale, cleaning: KeyCleaning): string[] {
  const parts: string[] = [];
  if (cleaning.spaces) parts.push(format(locale, 'key_spaces_removed'));
  if (cleaning.invisible.length)
    parts.push(format(locale, 'key_invisible_removed', { chars: cleaning.invisible.join(', ') }));
  if (cleaning.normalized) parts.push(format(locale, 'key_normalized'));
  return parts;
}

function savedMessage(locale: Locale, cleaning: KeyCleaning, listed: boolean, model: string): string {
  const parts = cleaningNotes(locale, cleaning);
  parts.push(format(locale, 'key_saved'));
  if (!listed) parts.push(format(locale, 'key_cannot_list'));
  parts.push(format(locale, 'key_model', { model }));
  return parts.join(' ');
}

function quotaProbe(model: string) {
  return buildChatBody({ model, system: 'Reply with OK.', user: 'OK?', maxOutputTokens: 16 });
}

export function deleteApiKey(store: PropertyStore, slot: KeySlot = 'main'): { ok: true } {
  store.delete(SLOT_PROPERTY[slot]);
  return { ok: true };
}

/** The models to offer: the stored key's list (refreshed), or the add-on's table without a key or a list. */
export function listUsableModels(store: PropertyStore, http: HttpPort, clock: Clock): ModelOption[] {
  const apiKey = store.get(KEY_PROPERTY);
  const settings = readSettings(store);
  if (!apiKey) return modelOptions(undefined, settings.prices);
  const client = new OpenAIClient(http, clock, { apiKey, baseUrl: settings.baseUrl });
  const listed = client.listModels(clock.now() + VERIFY_MS);
  const snapshot = listed.ok ? saveModelSnapshot(store, listed.value, clock.now()) : readModelSnapshot(store);
  return modelOptions(snapshot, settings.prices);
}
