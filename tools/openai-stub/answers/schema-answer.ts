// Builds a value that validates against a JSON schema, filling it from the text being answered.

import { stableHash } from '../random';
import { freeAnswer } from './free-text';
import { chooseLabel } from './labels';

type Schema = Record<string, unknown>;

export interface AnswerContext {
  /** The text this part of the answer is about. */
  text: string;
  system: string;
  /** The batch item's id, copied into an integer `id` property. */
  id?: number;
}

export interface BatchItem {
  id: number;
  text: string;
}

/** How a batched answer is spoiled on purpose: an item left out, or an id given twice. */
export type ItemFault = 'drop_item' | 'duplicate_id' | null;

/** A key the serialized JSON carries a second time, at the end of `property`'s object. */
export interface DuplicateKey {
  property: string;
  key: string;
  value: unknown;
}

export interface SchemaAnswer {
  value: unknown;
  duplicate?: DuplicateKey;
}

/** The schema resolver: local `$ref`s (`#/$defs/...`, `#/definitions/...`) point into the root. */
export class SchemaAnswerer {
  constructor(
    private readonly root: unknown,
    private readonly system: string,
    /** A label an obeyed injection imposes on every item (see injectedLabel). */
    private readonly forced: string | null = null,
    /** The label this model gets wrong for a text, if it is one of its planted mistakes. */
    private readonly mistaken: (text: string) => string | null = () => null,
  ) {}

  /**
   * The answer for a whole request. A batch is answered item by item, each from its own text, in
   * one of two forms: an array of objects with an integer `id` (one element per item, in order),
   * or an object whose property names are exactly the items' ids ("0", "1", ...).
   */
  answer(text: string, items: BatchItem[] | null, fault: ItemFault = null): SchemaAnswer {
    const root = this.resolve(this.root);
    const arrayKey = this.arrayBatchProperty(root);
    if (arrayKey !== null)
      return { value: this.arrayBatch(root, arrayKey, items ?? [{ id: 0, text }], text, fault) };
    const keyed = items ? this.keyedBatchProperty(root, items) : null;
    if (keyed !== null && items) return this.keyedBatch(root, keyed, items, text, fault);
    return { value: this.value(root, { text, system: this.system }) };
  }

  /** The root's other properties, answered from the whole text, around the batch property's value. */
  private withBatch(root: Schema, batchKey: string, batch: unknown, text: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(root.properties as Schema)) {
      out[key] = key === batchKey ? batch : this.value(schema, { text, system: this.system });
    }
    return out;
  }

  private arrayBatch(root: Schema, key: string, list: BatchItem[], text: string, fault: ItemFault): unknown {
    const kept = fault === 'drop_item' ? list.slice(0, -1) : list;
    const itemSchema = this.resolve(this.resolve((root.properties as Schema)[key]).items);
    const last = kept.length - 1;
    const entries = kept.map((item, i) => {
      const id = fault === 'duplicate_id' && i === last ? kept[0].id : item.id;
      return this.value(itemSchema, { text: item.text, system: this.system, id });
    });
    return this.withBatch(root, key, entries, text);
  }

  private keyedBatch(
    root: Schema,
    key: string,
    items: BatchItem[],
    text: string,
    fault: ItemFault,
  ): SchemaAnswer {
    const properties = this.resolve((root.properties as Schema)[key]).properties as Schema;
    const kept = fault === 'drop_item' ? items.slice(0, -1) : items;
    const answers: Record<string, unknown> = {};
    for (const item of kept)
      answers[String(item.id)] = this.value(properties[String(item.id)], this.about(item));
    const value = this.withBatch(root, key, answers, text);
    if (fault !== 'duplicate_id') return { value };
    const first = String(items[0].id);
    const again = this.differentValue(properties[first], answers[first], this.about(items[items.length - 1]));
    return { value, duplicate: { property: key, key: first, value: again } };
  }

  private about(item: BatchItem): AnswerContext {
    return { text: item.text, system: this.system };
  }

  private arrayBatchProperty(root: Schema): string | null {
    const properties = root.properties;
    if (!isSchema(properties)) return null;
    for (const [key, schema] of Object.entries(properties)) {
      const s = this.resolve(schema);
      if (!typesOf(s).includes('array')) continue;
      const items = this.resolve(s.items);
      const id = this.resolve((items.properties as Schema | undefined)?.id);
      if (typesOf(id).includes('integer')) return key;
    }
    return null;
  }

  /** The root property that is an object keyed by exactly the items' ids, or null. */
  private keyedBatchProperty(root: Schema, items: BatchItem[]): string | null {
    const properties = root.properties;
    if (!isSchema(properties)) return null;
    const ids = items.map((item) => String(item.id)).sort();
    for (const [key, schema] of Object.entries(properties)) {
      const named = this.resolve(schema).properties;
      const names = isSchema(named) ? Object.keys(named).sort() : [];
      if (names.length === ids.length && names.every((name, i) => name === ids[i])) return key;
    }
    return null;
  }

  /** Another valid answer than `current` where the schema allows one: the other text's, or another label. */
  private differentValue(raw: unknown, current: unknown, ctx: AnswerContext): unknown {
    const schema = this.resolve(raw);
    const labels: unknown[] = Array.isArray(schema.enum) ? schema.enum : [];
    const same = (v: unknown): boolean => JSON.stringify(v) === JSON.stringify(current);
    const other = [this.value(raw, ctx), ...labels].find((v) => !same(v));
    if (other !== undefined) return other;
    if (typeof current === 'string' && labels.length === 0) return `${current} (again)`;
    if (typeof current === 'boolean') return !current;
    return current;
  }

  private value(raw: unknown, ctx: AnswerContext): unknown {
    const schema = this.resolve(raw);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0)
      return (
        this.forcedLabel(schema.enum) ??
        this.mistakenLabel(schema.enum, ctx.text) ??
        chooseLabel(schema.enum, ctx.text, ctx.system)
      );
    const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (Array.isArray(alternatives) && alternatives.length > 0)
      return this.value(preferNonNull(this, alternatives), ctx);
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return this.value(schema.allOf[0], ctx);
    const type =
      typesOf(schema).find((t) => t !== 'null') ?? (typesOf(schema).includes('null') ? 'null' : 'string');
    return this.ofType(type, schema, ctx);
  }

  private ofType(type: string, schema: Schema, ctx: AnswerContext): unknown {
    switch (type) {
      case 'object':
        return this.object(schema, ctx);
      case 'array':
        return this.array(schema, ctx);
      case 'integer':
        return integerIn(schema, ctx.text);
      case 'number':
        return numberIn(schema, ctx.text);
      case 'boolean':
        return stableHash(ctx.text) % 2 === 0;
      case 'null':
        return null;
      default:
        return stringFor(schema, ctx);
    }
  }

  private object(schema: Schema, ctx: AnswerContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const properties = (schema.properties ?? {}) as Schema;
    for (const [key, propSchema] of Object.entries(properties)) {
      const isId =
        key === 'id' && ctx.id !== undefined && typesOf(this.resolve(propSchema)).includes('integer');
      out[key] = isId ? ctx.id : this.value(propSchema, ctx);
    }
    return out;
  }

  private array(schema: Schema, ctx: AnswerContext): unknown[] {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 1);
    const count = Math.min(Math.max(min, 1), max);
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    return Array.from({ length: Math.max(count, prefix.length) }, (_, i) =>
      this.value(prefix[i] ?? schema.items ?? {}, ctx),
    );
  }

  private mistakenLabel(labels: unknown[], text: string): unknown {
    const wrong = this.mistaken(text);
    return wrong === null ? undefined : labels.find((l) => l === wrong);
  }

  private forcedLabel(values: unknown[]): unknown {
    if (!this.forced) return null;
    const wanted = this.forced.toLowerCase();
    return values.find((v) => typeof v === 'string' && v.toLowerCase() === wanted) ?? null;
  }

  resolve(raw: unknown): Schema {
    let schema = raw;
    for (let depth = 0; depth < 32 && isSchema(schema) && typeof schema.$ref === 'string'; depth++) {
      schema = this.pointer(schema.$ref);
    }
    return isSchema(schema) ? schema : {};
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith('#')) return {};
    const parts = ref.slice(1).split('/').filter(Boolean);
    let node: unknown = this.root;
    for (const part of parts) {
      if (!isSchema(node)) return {};
      node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node;
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** Of `anyOf` alternatives, the first that is not just `null`: an answer says something. */
function preferNonNull(answerer: SchemaAnswerer, alternatives: unknown[]): unknown {
  return (
    alternatives.find((a) => !typesOf(answerer.resolve(a)).every((t) => t === 'null')) ?? alternatives[0]
  );
}

/** Inclusive bounds; an exclusive bound moves inwards by `step`. */
function bounds(schema: Schema, step: number): { low: number | null; high: number | null } {
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  return {
    low: num(schema.minimum) ?? (exMin !== null ? exMin + step : null),
    high: num(schema.maximum) ?? (exMax !== null ? exMax - step : null),
  };
}

function integerIn(schema: Schema, text: string): number {
  const { low, high } = bounds(schema, 1);
  const lo = Math.ceil(low ?? (high !== null ? high - 9 : 0));
  const hi = Math.floor(high ?? lo + 9);
  return hi <= lo ? lo : lo + (stableHash(text) % (hi - lo + 1));
}

function numberIn(schema: Schema, text: string): number {
  const { low, high } = bounds(schema, 0.01);
  const lo = low ?? (high !== null ? high - 1 : 0);
  const hi = high ?? lo + 1;
  if (hi <= lo) return lo;
  const value = Math.round((lo + ((stableHash(text) % 1000) / 1000) * (hi - lo)) * 100) / 100;
  return Math.min(hi, Math.max(lo, value));
}

const FORMAT_EXAMPLES: Record<string, string> = {
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function stringFor(schema: Schema, ctx: AnswerContext): string {
  const format = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  let value = format ?? freeAnswer(ctx.text, ctx.system);
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if ([...value].length > max) value = [...value].slice(0, max).join('');
  if ([...value].length < min) value = value.padEnd(value.length + min - [...value].length, '.');
  return value;
}
