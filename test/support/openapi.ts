// Validates values against schemas of OpenAI's own OpenAPI description (found as described in
// scripts/shared-files.ts), so tests check shapes against something this project did not write.

import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { missingLine, sharedFile } from '../../scripts/shared-files';

const SPEC_ID = 'https://openapi.local/openai.json';

/** OpenAPI-only formats that JSON Schema validators do not know: accepted as they are. */
const OPENAPI_FORMATS = ['unixtime', 'int32', 'int64', 'float', 'double', 'binary', 'byte', 'password'];

let ajv: Ajv2020 | null = null;
let schemaNames: Set<string> | null = null;
const validators = new Map<string, ValidateFunction>();

/** Readable problems of `value` against `#/components/schemas/<name>`; [] when it is valid. */
export function validateSchema(name: string, value: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '(root)';
    const allowed =
      e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : '';
    return `${where} ${e.message ?? 'is invalid'}${allowed}`;
  });
}

function validatorFor(name: string): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  const instance = loadAjv();
  if (!schemaNames?.has(name)) throw new Error(`openapi.json has no schema named "${name}"`);
  const validate = instance.compile({ $ref: `${SPEC_ID}#/components/schemas/${name}` });
  validators.set(name, validate);
  return validate;
}

function loadAjv(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(specPath(), 'utf8')) as {
    components: { schemas: Record<string, unknown> };
  };
  // strict: false ignores what JSON Schema does not define (discriminator, example, x-* keys).
  const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(instance);
  for (const format of OPENAPI_FORMATS) {
    if (!instance.formats[format]) instance.addFormat(format, true);
  }
  instance.addSchema({ $id: SPEC_ID, components: withoutNullable(spec.components) });
  schemaNames = new Set(Object.keys(spec.components.schemas));
  ajv = instance;
  return instance;
}

/**
 * A few schemas still carry OpenAPI 3.0's `nullable`, which JSON Schema 2020 does not define (Ajv
 * rejects it without a `type`): rewritten as the 3.1 equivalent, "or null".
 */
function withoutNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = withoutNullable(v);
  if ((node as { nullable?: unknown }).nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  if (Array.isArray(out.type)) return { ...out, type: [...new Set([...out.type, 'null'])] };
  return { anyOf: [out, { type: 'null' }] };
}

/** OpenAI's OpenAPI description (see scripts/shared-files.ts for where it is looked for). */
export function specPath(): string {
  const path = sharedFile('openapi');
  if (!path) throw new Error(missingLine('openapi'));
  return path;
}

/** The value with every null-valued property left out, at any depth. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function valueAt(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | null)?.[part], value);
}

/**
 * Batch and OpenAIFile bodies carry null for fields not reached yet (output_file_id, in_progress_at,
 * errors, status_details...), as the real API and the spec's own examples do, while the schema
 * types those optional fields without null. So: valid once the nulls are left out, and every
 * problem of the body as sent is a null at one of those fields.
 */
export function expectValidWithNulls(schema: string, value: unknown): void {
  expect(problemsBesideNulls(schema, value)).toEqual([]);
}

/** The problems of `value` against the schema, less those that are a null at an optional field. */
export function problemsBesideNulls(schema: string, value: unknown): string[] {
  const withNulls = validateSchema(schema, value).filter((p) => valueAt(value, p.split(' ')[0]) !== null);
  return [...new Set([...validateSchema(schema, withoutNulls(value)), ...withNulls])];
}
