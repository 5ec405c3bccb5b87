// The model catalogue and what each family accepts.

import type { Model } from 'openai/resources/models';

const CREATED: Record<string, number> = {
  'gpt-4o': 1715367049,
  'gpt-4o-mini': 1721172741,
  'gpt-4.1': 1744316542,
  'gpt-4.1-mini': 1744318173,
  'gpt-4.1-nano': 1744321707,
  'o4-mini': 1744225351,
  'gpt-5': 1754425777,
  'gpt-5-mini': 1754425928,
  'gpt-5-nano': 1754426384,
  'gpt-5.4': 1772668800,
  'gpt-5.4-mini': 1773705600,
  'gpt-5.4-nano': 1773705600,
};

/** A model known to the catalogue but not to the table above gets a fixed, plausible date. */
const FALLBACK_CREATED = 1735689600;

export function modelObject(id: string): Model {
  return { id, object: 'model', created: CREATED[id] ?? FALLBACK_CREATED, owned_by: 'system' };
}

export function isReasoningModel(model: string): boolean {
  if (/^gpt-5(\.\d+)?-chat/.test(model)) return false;
  return /^gpt-5(\.\d+)?(-|$)/.test(model) || /^o\d/.test(model);
}

export const ALL_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type Effort = (typeof ALL_EFFORTS)[number];

/** Efforts a reasoning model accepts: gpt-5 itself has "minimal", later 5.x have "none" instead. */
export function effortsOf(model: string): readonly Effort[] {
  if (/^o\d/.test(model)) return ['low', 'medium', 'high'];
  if (/^gpt-5(-|$)/.test(model)) return ['minimal', 'low', 'medium', 'high'];
  return ['none', 'low', 'medium', 'high', 'xhigh'];
}

/** What a reasoning model uses when the request names no effort. */
export function defaultEffort(model: string): Effort {
  return /^gpt-5\.\d/.test(model) ? 'none' : 'medium';
}
