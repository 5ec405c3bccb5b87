// Per-user settings, kept in the user's own property store: the key, the model, the base URL.
// In a custom function Apps Script hands the spreadsheet owner's store to everyone, so formulas
// always spend the owner's key through the owner's base URL; a collaborator can neither read
// the key nor point it at another host.
import { DEFAULT_BASE_URL } from '../openai/client';
import { DEFAULT_MODEL, isPlausibleModelId, type ModelPrice } from '../openai/models';
import type { PropertyStore } from '../platform/ports';
import { UserError } from '../i18n/messages';
import { maskKey } from '../openai/api-key';

export const KEY_PROPERTY = 'openai.apiKey';
const SETTINGS_PROPERTY = 'settings';

export interface UserSettings {
  model: string;
  baseUrl: string;
  /** Per-model price overrides, US dollars per million tokens. */
  prices: Record<string, ModelPrice>;
}

export interface PublicSettings extends UserSettings {
  hasKey: boolean;
  maskedKey: string | null;
  defaultModel: string;
  defaultBaseUrl: string;
}

const DEFAULTS: UserSettings = { model: DEFAULT_MODEL, baseUrl: DEFAULT_BASE_URL, prices: {} };

export function readSettings(store: PropertyStore): UserSettings {
  const raw = store.get(SETTINGS_PROPERTY);
  if (!raw) return { ...DEFAULTS };
  try {
    const parsed = JSON.parse(raw) as Partial<UserSettings>;
    return { ...DEFAULTS, ...parsed, prices: { ...(parsed.prices ?? {}) } };
  } catch {
    return { ...DEFAULTS };
  }
}

export function publicSettings(store: PropertyStore): PublicSettings {
  const key = store.get(KEY_PROPERTY);
  return {
    ...readSettings(store),
    hasKey: !!key,
    maskedKey: key ? maskKey(key) : null,
    defaultModel: DEFAULT_MODEL,
    defaultBaseUrl: DEFAULT_BASE_URL,
  };
}

/** Checks and merges a partial update; unknown fields are ignored, bad values refused. */
export function saveSettings(store: PropertyStore, partial: unknown): UserSettings {
  const input = (partial && typeof partial === 'object' ? partial : {}) as Record<string, unknown>;
  const next = readSettings(store);
  if (input.model !== undefined) {
    const model = String(input.model).trim();
    if (!isPlausibleModelId(model)) throw new UserError('model_invalid');
    next.model = model;
  }
  if (input.baseUrl !== undefined) next.baseUrl = checkBaseUrl(input.baseUrl);
  if (input.prices !== undefined) next.prices = checkPrices(input.prices);
  store.set(SETTINGS_PROPERTY, JSON.stringify(next));
  return next;
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
    if (!isPlausibleModelId(model) || !(input >= 0) || !(output >= 0)) throw new UserError('model_invalid');
    out[model] = { input, output };
  }
  return out;
}
