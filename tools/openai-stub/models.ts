// The models a running stub offers: the catalogue plus config.extraModels, narrowed by
// config.models, and which of them have shut down by config.today.

import { CATALOGUE, familyById, familyMatching, parseFamilyRules, type FamilyRules } from './catalogue';
import type { ExtraModel, StubConfig } from './config';

export interface OfferedModel {
  id: string;
  family: FamilyRules;
  created: number;
  shutdownDate: string | null;
}

/** The Model object of GET /v1/models; `shutdown_date` is newer than the SDK's type. */
export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  shutdown_date: string | null;
}

/** A model added by a test: created at a fixed, plausible time unless it says otherwise. */
const EXTRA_CREATED = 1793836800;

/** The family an extra model names, gives inline, or (without one) the catalogue family its id matches. */
export function extraFamily(extra: ExtraModel): FamilyRules | null {
  if (typeof extra.family === 'string') return familyById(extra.family);
  if (extra.family === undefined) return familyMatching(extra.id);
  const rules = parseFamilyRules(extra.family);
  return typeof rules === 'string' ? null : rules;
}

function fromExtra(extra: ExtraModel): OfferedModel | null {
  const family = extraFamily(extra);
  if (!family) return null;
  return {
    id: extra.id,
    family,
    created: extra.created ?? EXTRA_CREATED,
    shutdownDate: extra.shutdown_date ?? null,
  };
}

/** Every model the stub knows, by id: the catalogue's, then the extras (which replace a catalogue entry of the same id). */
function knownModels(extras: ExtraModel[]): Map<string, OfferedModel> {
  const known = new Map<string, OfferedModel>();
  for (const m of CATALOGUE.models) {
    const family = familyById(m.family);
    if (family) known.set(m.id, { id: m.id, family, created: m.created, shutdownDate: m.shutdown_date });
  }
  for (const extra of extras) {
    const model = fromExtra(extra);
    if (model) known.set(model.id, model);
  }
  return known;
}

export function isKnownModel(id: string, extras: ExtraModel[]): boolean {
  return knownModels(extras).has(id);
}

export class OfferedModels {
  private readonly offered: Map<string, OfferedModel>;

  constructor(config: Pick<StubConfig, 'models' | 'extraModels'>) {
    const known = knownModels(config.extraModels);
    const ids = config.models ?? [...known.keys()];
    this.offered = new Map();
    for (const id of ids) {
      const model = known.get(id);
      if (model) this.offered.set(id, model);
    }
  }

  /** The model if it is offered and has not shut down by `today`, else null. */
  available(id: string, today: string): OfferedModel | null {
    const model = this.offered.get(id);
    return model && !isShutDown(model, today) ? model : null;
  }

  listed(today: string): OfferedModel[] {
    return [...this.offered.values()].filter((m) => !isShutDown(m, today));
  }
}

/** A model is gone from its shutdown date on. */
export function isShutDown(model: OfferedModel, today: string): boolean {
  return model.shutdownDate !== null && model.shutdownDate <= today;
}

export function todayOf(config: Pick<StubConfig, 'today'>): string {
  return config.today ?? new Date().toISOString().slice(0, 10);
}

export function modelObject(model: OfferedModel): ModelObject {
  return {
    id: model.id,
    object: 'model',
    created: model.created,
    owned_by: 'system',
    shutdown_date: model.shutdownDate,
  };
}
