// Per-user settings, kept in the user's own property store: the key, the chosen model, the base
// URL, price overrides, and the models the key could list. In a custom function Apps Script hands
// the spreadsheet owner's store to everyone, so formulas always spend the owner's key through the
// owner's base URL; a collaborator can neither read the key nor point it at another host.
import { isPlainRecord } from '../engine/values';
import { UserError } from '../i18n/messages';
import { maskKey } from '../openai/api-key';
import { DEFAULT_BASE_URL, type ListedModel } from '../openai/client';
import {
  decideModel,
  pickDefaultModel,
  replacementFor,
  shutdownDateOf,
  type ModelSnapshot,
} from '../openai/model-choice';
import { CATALOG_CHECKED } from '../openai/catalog';
import { isPlausibleModelId, priceOf, type Lessons, type ModelPrice } from '../openai/models';
import { PREFERENCE, SHUTDOWNS } from '../openai/catalog';
import type { PropertyStore } from '../platform/ports';

export const KEY_PROPERTY = 'openai.apiKey';
const SETTINGS_PROPERTY = 'settings';
const MODELS_PROPERTY = 'openai.models';

export interface UserSettings {
  /** The model the user chose; absent means "the current default" (see model-choice.ts). */
  model?: string;
  baseUrl: string;
  /** Per-model price overrides, US dollars per million tokens. */
  prices: Record<string, ModelPrice>;
  /** Models a formula's model argument may name besides the default (formulas spend the owner's key). */
  formulaModels: string[];
  /** The most output tokens a formula may ask for with max_tokens; default: the task's own cap. */
  formulaMaxTokens?: number;
  /** Formulas mask personal data before sending (engine/personal-data.ts); only the owner sets it. */
  maskPersonalData?: boolean;
}

export interface ModelOption {
  id: string;
  /** YYYY-MM-DD or null; absent when unknown. */
  shutdownDate: string | null;
  /** Has a known price (from the table or an override). */
  priced: boolean;
}

export interface PublicSettings {
  /** The model formulas use now. */
  model: string;
  /** The model the user chose, or null when the default is used. */
  chosenModel: string | null;
  /** The chosen (or default) model was retired and `model` replaces it. */
  replacedModel: string | null;
  /** Shutdown date of `model`, or null when none is announced. */
  modelShutdownDate: string | null;
  /** Days from today (UTC) to that date. */
  modelShutdownDays: number | null;
  /** What to move to when `model` shuts down. */
  modelReplacement: string | null;
  baseUrl: string;
  prices: Record<string, ModelPrice>;
  formulaModels: string[];
  formulaMaxTokens: number | null;
  maskPersonalData: boolean;
  hasKey: boolean;
  maskedKey: string | null;
  /** The default a new user gets today. */
  defaultModel: string;
  defaultBaseUrl: string;
  /** Models to offer, with shutdown dates (from the key's list, or the add-on's table). */
  models: ModelOption[];
  /** When the key's model list was last read (ms), or null. */
  modelsListedAt: number | null;
  /** The date the add-on's prices and shutdown table were checked (src/openai/catalog.json). */
  catalogChecked: string;
}

const DEFAULTS: UserSettings = { baseUrl: DEFAULT_BASE_URL, prices: {}, formulaModels: [] };

export function readSettings(store: PropertyStore): UserSettings {
  const raw = store.get(SETTINGS_PROPERTY);
  if (!raw) return { ...DEFAULTS };
  try {
    const parsed = JSON.parse(raw) as Partial<UserSettings>;
    const settings: UserSettings = {
      ...DEFAULTS,
      ...parsed,
      prices: { ...(parsed.prices ?? {}) },
      formulaModels: Array.isArray(parsed.formulaModels)
        ? parsed.formulaModels.filter((m) => typeof m === 'string')
        : [],
    };
    if (!settings.model) delete settings.model;
    return settings;
  } catch {
    return { ...DEFAULTS };
  }
}

export function readModelSnapshot(store: PropertyStore): ModelSnapshot | undefined {
  try {
    const parsed = JSON.parse(store.get(MODELS_PROPERTY) ?? 'null') as ModelSnapshot | null;
    return parsed && typeof parsed.models === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The listed models a formula can use: chat-capable text models. */
export function chatModels(listed: ListedModel[]): ListedModel[] {
  return listed
    .filter((m) => /^(gpt-|o\d|chatgpt-)/.test(m.id))
    .filter(
      (m) => !/(audio|realtime|image|tts|transcribe|search|embedding|instruct|codex|moderation)/.test(m.id),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Keeps the chat models a key can list (a few KB), so formulas know shutdown dates without a request. */
export function saveModelSnapshot(store: PropertyStore, listed: ListedModel[], now: number): ModelSnapshot {
  const snapshot: ModelSnapshot = {
    at: now,
    models: Object.fromEntries(chatModels(listed).map((m) => [m.id, m.shutdownDate])),
  };
  store.set(MODELS_PROPERTY, JSON.stringify(snapshot));
  return snapshot;
}

export function modelOptions(
  snapshot: ModelSnapshot | undefined,
  prices: Record<string, ModelPrice>,
): ModelOption[] {
  const ids = snapshot
    ? Object.keys(snapshot.models)
    : [...new Set([...PREFERENCE, ...Object.keys(SHUTDOWNS)])];
  return ids.map((id) => ({
    id,
    shutdownDate: shutdownDateOf(id, snapshot) ?? null,
    priced: !!priceOf(id, prices),
  }));
}

export function publicSettings(store: PropertyStore, today: string, lessons: Lessons = {}): PublicSettings {
  const key = store.get(KEY_PROPERTY);
  const settings = readSettings(store);
  const snapshot = readModelSnapshot(store);
  const decision = decideModel(settings.model, today, snapshot, lessons);
  const shutdown = shutdownDateOf(decision.model, snapshot) ?? null;
  return {
    model: decision.model,
    chosenModel: settings.model ?? null,
    replacedModel: decision.replaced ?? null,
    modelShutdownDate: shutdown,
    modelShutdownDays: shutdown ? Math.round((Date.parse(shutdown) - Date.parse(today)) / 86_400_000) : null,
    modelReplacement: shutdown ? replacementFor(decision.model, today, snapshot, lessons) : null,
    baseUrl: settings.baseUrl,
    prices: settings.prices,
    formulaModels: settings.formulaModels,
    formulaMaxTokens: settings.formulaMaxTokens ?? null,
    maskPersonalData: settings.maskPersonalData === true,
    hasKey: !!key,
    maskedKey: key ? maskKey(key) : null,
    defaultModel: pickDefaultModel(today, snapshot, lessons),
    defaultBaseUrl: DEFAULT_BASE_URL,
    models: modelOptions(snapshot, settings.prices),
    modelsListedAt: snapshot?.at ?? null,
    catalogChecked: CATALOG_CHECKED,
  };
}

/** The fields a settings change may name. */
const SETTINGS_FIELDS = new Set([
  'model',
  'baseUrl',
  'prices',
  'formulaModels',
  'formulaMaxTokens',
  'maskPersonalData',
  'instructions',
  'isolateRows',
]);

/** A settings change is a plain object of known fields; anything else is refused before any change. */
export function checkSettingsInput(partial: unknown): Record<string, unknown> {
  if (!isPlainRecord(partial) || Object.keys(partial).some((k) => !SETTINGS_FIELDS.has(k))) {
    throw new UserError('settings_invalid');
  }
  return partial;
}

export function saveSettings(store: PropertyStore, partial: unknown, today: string): UserSettings {
  const input = checkSettingsInput(partial);
  const next = readSettings(store);
  if (input.model !== undefined) {
    const model = input.model === null ? '' : String(input.model).trim();
    if (!model) delete next.model;
    else {
      if (!isPlausibleModelId(model)) throw new UserError('model_invalid');
      const snapshot = readModelSnapshot(store);
      const date = shutdownDateOf(model, snapshot);
      if (date && date <= today) {
        throw new UserError('model_retired', {
          model,
          date,
          replacement: replacementFor(model, today, snapshot),
        });
      }
      next.model = model;
    }
  }
  if (input.baseUrl !== undefined) next.baseUrl = checkBaseUrl(input.baseUrl);
  if (input.prices !== undefined) next.prices = checkPrices(input.prices);
  if (input.formulaModels !== undefined) next.formulaModels = checkModelList(input.formulaModels);
  if (input.formulaMaxTokens !== undefined) {
    const n = input.formulaMaxTokens === null ? undefined : Number(input.formulaMaxTokens);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 100_000))
      throw new UserError('number_argument', { name: 'formulaMaxTokens', min: 1, max: 100000 });
    if (n === undefined) delete next.formulaMaxTokens;
    else next.formulaMaxTokens = n;
  }
  if (input.maskPersonalData !== undefined) {
    if (typeof input.maskPersonalData !== 'boolean')
      throw new UserError('invalid_argument', { name: 'maskPersonalData', detail: 'true, false' });
    next.maskPersonalData = input.maskPersonalData;
  }
  store.set(SETTINGS_PROPERTY, JSON.stringify(next));
  return next;
}

function checkModelList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : String(value ?? '').split(/[,\s]+/);
  const models = [...new Set(list.map((m) => String(m).trim()).filter(Boolean))];
  if (!models.every(isPlausibleModelId)) throw new UserError('model_invalid');
  return models;
}

export function checkBaseUrl(value: unknown): string {
  const text = String(value ?? '').trim();
  if (!text) return DEFAULT_BASE_URL;
  const match = /^https:\/\/([a-z0-9.-]+)(:\d+)?(\/[\w\-./]*)?$/i.exec(text);
  if (!match) throw new UserError('base_url_invalid');
  return text.replace(/\/+$/, '');
}

function checkPrices(value: unknown): Record<string, ModelPrice> {
  const out: Record<string, ModelPrice> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [model, price] of Object.entries(value as Record<string, unknown>)) {
    const p = price as Partial<ModelPrice> | null;
    const input = Number(p?.input);
    const output = Number(p?.output);
    const cached = p?.cachedInput === undefined ? undefined : Number(p.cachedInput);
    const write = p?.cacheWrite === undefined ? undefined : Number(p.cacheWrite);
    if (
      !isPlausibleModelId(model) ||
      !(input >= 0) ||
      !(output >= 0) ||
      (cached !== undefined && !(cached >= 0)) ||
      (write !== undefined && !(write >= 0))
    )
      throw new UserError('model_invalid');
    out[model] = {
      input,
      output,
      ...(cached !== undefined ? { cachedInput: cached } : {}),
      ...(write !== undefined ? { cacheWrite: write } : {}),
    };
  }
  return out;
}
