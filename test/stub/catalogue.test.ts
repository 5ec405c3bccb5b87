// The data file behind the stub's models: its sources, its consistency and the facts it records.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, familyMatching, parseCatalogue } from '../../tools/openai-stub/catalogue';
import raw from '../../tools/openai-stub/data/models.json';

const STUB_DIR = join(__dirname, '..', '..', 'tools', 'openai-stub');

const model = (id: string) => {
  const found = CATALOGUE.models.find((m) => m.id === id);
  if (!found) throw new Error(`no model ${id} in the catalogue`);
  return found;
};
const family = (id: string) => CATALOGUE.families.find((f) => f.id === id);

describe('the catalogue data file', () => {
  test('says when it was checked and cites an https address for every source', () => {
    expect(CATALOGUE.checked).toBe('2026-12-06');
    const urls = Object.values(CATALOGUE.sources);
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.every((u) => u.startsWith('https://'))).toBe(true);
  });

  test('every model and family names a source the file lists', () => {
    for (const entry of [...CATALOGUE.models, ...CATALOGUE.families]) {
      expect(CATALOGUE.sources[entry.source]).toBeDefined();
    }
  });

  test("each model's family is the first family whose pattern matches its id", () => {
    for (const m of CATALOGUE.models) expect([m.id, familyMatching(m.id)?.id]).toEqual([m.id, m.family]);
  });

  test('records the shutdowns of 2026-10-23, 2026-12-11 and 2027-01-14', () => {
    const shutdowns: Record<string, string[]> = {
      '2026-10-23': ['gpt-4.1-nano', 'gpt-3.5-turbo', 'gpt-4', 'gpt-4-turbo', 'o1', 'o3-mini', 'o4-mini'],
      '2026-12-11': ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o3'],
      '2027-01-14': ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini'],
    };
    for (const [date, ids] of Object.entries(shutdowns)) {
      for (const id of ids) expect([id, model(id).shutdown_date]).toEqual([id, date]);
    }
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini']) {
      expect(model(id).replacement).toBe('gpt-6-luna');
    }
  });

  test('the current models have no shutdown date, and prices only where a source gives them', () => {
    const current = [
      'gpt-6-luna',
      'gpt-6-sol',
      'gpt-6.1-sol',
      'gpt-5.6-luna',
      'gpt-5.6-terra',
      'gpt-5.6-sol',
    ];
    for (const id of [...current, 'gpt-5.4-nano', 'gpt-5.4-mini', 'gpt-5.4']) {
      expect(model(id).shutdown_date).toBeNull();
    }
    expect(model('gpt-6-luna').price).toEqual({ input: 0.1, cached_input: 0.01, output: 0.5 });
    expect(model('gpt-6-sol').price).toEqual({ input: 2, cached_input: 0.2, output: 10 });
    expect(model('gpt-6.1-sol').price).toEqual({ input: 2, cached_input: 0.1, output: 10 });
    expect(model('gpt-5.6-luna').price).toEqual({ input: 0.2, cached_input: 0.02, output: 1.2 });
    expect(model('gpt-5.4-nano').price).toEqual({ input: 0.2, cached_input: 0.02, output: 1.25 });
    expect(model('gpt-5.4-mini').price).toEqual({ input: 0.75, cached_input: 0.075, output: 4.5 });
    expect(model('gpt-6.1-terra').price).toEqual({ input: 1, cached_input: 0.05, output: 5 });
    expect(model('gpt-6.2-astra').price).toBeNull();
    expect(model('gpt-5.6-terra').price).toBeNull();
    expect(model('gpt-5.6-sol').price).toBeNull();
    expect(model('gpt-6-luna').created).toBe(Date.UTC(2026, 8, 22) / 1000);
  });

  test('the families carry the efforts and parameter rules of the notes', () => {
    expect(family('gpt-5')).toMatchObject({
      efforts: ['minimal', 'low', 'medium', 'high'],
      defaultEffort: 'medium',
    });
    expect(family('gpt-6')).toMatchObject({
      efforts: ['none', 'low', 'medium', 'high', 'xhigh', 'max'],
      defaultEffort: 'medium',
    });
    expect(family('gpt-6.x-sol')?.efforts).toEqual(['low', 'medium', 'high', 'xhigh', 'max']);
    expect(family('gpt-6-astra')?.efforts).toEqual(['low', 'medium', 'high', 'xhigh', 'max']);
    expect(CATALOGUE.families.filter((f) => f.cacheWrites).map((f) => f.id)).toEqual([
      'gpt-5.6',
      'gpt-6.x-sol',
      'gpt-6-astra',
      'gpt-6',
    ]);
    expect(family('gpt-5.x')).toMatchObject({
      efforts: ['none', 'low', 'medium', 'high', 'xhigh'],
      defaultEffort: 'none',
    });
    expect(family('o-series')?.efforts).toEqual(['low', 'medium', 'high']);
    expect(family('gpt-4')).toMatchObject({
      reasoning: false,
      temperature: 'any',
      tokenParams: ['max_completion_tokens', 'max_tokens'],
    });
    for (const f of CATALOGUE.families.filter((x) => x.reasoning)) {
      expect([f.id, f.temperature, f.tokenParams]).toEqual([f.id, 'default_only', ['max_completion_tokens']]);
    }
  });

  test('a bad edit fails at load, naming what is wrong', () => {
    const data = JSON.parse(JSON.stringify(raw)) as { models: Array<Record<string, unknown>> };
    data.models[0].family = 'gpt-99';
    expect(() => parseCatalogue(data)).toThrow(/model "gpt-6-luna" must be given a "family" listed/);
    data.models[0].family = 'gpt-6';
    data.models[0].source = 'a-blog';
    expect(() => parseCatalogue(data)).toThrow(/"source" listed in "sources"/);
  });

  test('the stub imports nothing from src/: adding a model or family never needs the add-on', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    for (const file of files(STUB_DIR)) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => i.includes('src/'))).toEqual([]);
    }
  });
});
