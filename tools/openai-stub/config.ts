// The stub's switches, their defaults, and the checks applied to a patch sent to /__stub/config.

export const FAULT_KINDS = [
  'server_error',
  'malformed',
  'timeout',
  'reset',
  'rate_limit',
  'drop_item',
  'bad_gateway',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Inject into the next N matching chat requests (default 1)... */
  count?: number;
  /** ...or into every Nth one (with `count`, at most `count` times)... */
  every?: number;
  /** ...or with this probability, drawn from the seeded PRNG (with `count`, at most `count` times). */
  probability?: number;
}

export interface StubConfig {
  latencyMs: number;
  latencyJitterMs: number;
  perOutputTokenMs: number;
  rpm: number | null;
  tpm: number | null;
  faults: FaultRule[];
  timeoutHoldMs: number;
  revokedKeys: string[];
  quotaExhaustedKeys: string[];
  models: string[];
  captureBodies: boolean;
  seed: number;
}

export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4.1-nano',
  'gpt-4.1-mini',
  'gpt-4.1',
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-5-nano',
  'gpt-5-mini',
  'gpt-5',
  'gpt-5.4-nano',
  'gpt-5.4-mini',
  'gpt-5.4',
  'o4-mini',
];

export function defaultConfig(): StubConfig {
  return {
    latencyMs: 0,
    latencyJitterMs: 0,
    perOutputTokenMs: 0,
    rpm: null,
    tpm: null,
    faults: [],
    timeoutHoldMs: 65_000,
    revokedKeys: [],
    quotaExhaustedKeys: [],
    models: [...DEFAULT_MODELS],
    captureBodies: true,
    seed: 1,
  };
}

type Field = keyof StubConfig;
type Check = (value: unknown) => string | null;

const nonNegative: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a number >= 0';
const limit: Check = (v) =>
  v === null ? null : typeof v === 'number' && v > 0 ? null : 'null or a number > 0';
const stringList: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? null : 'an array of strings';

const CHECKS: Record<Field, Check> = {
  latencyMs: nonNegative,
  latencyJitterMs: nonNegative,
  perOutputTokenMs: nonNegative,
  rpm: limit,
  tpm: limit,
  faults: (v) => (Array.isArray(v) ? faultProblem(v) : 'an array of fault rules'),
  timeoutHoldMs: nonNegative,
  revokedKeys: stringList,
  quotaExhaustedKeys: stringList,
  models: stringList,
  captureBodies: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  seed: (v) => (typeof v === 'number' && Number.isInteger(v) ? null : 'an integer'),
};

function faultProblem(rules: unknown[]): string | null {
  for (const rule of rules) {
    if (typeof rule !== 'object' || rule === null) return 'an array of fault rules';
    const r = rule as Record<string, unknown>;
    if (!FAULT_KINDS.includes(r.kind as FaultKind)) return `fault kinds among ${FAULT_KINDS.join(', ')}`;
    for (const key of ['count', 'every'] as const) {
      if (r[key] !== undefined && !(Number.isInteger(r[key]) && (r[key] as number) > 0)) {
        return `fault rules whose ${key} is an integer > 0`;
      }
    }
    const p = r.probability;
    if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) {
      return 'fault rules whose probability is between 0 and 1';
    }
  }
  return null;
}

/** Checks a config patch received as JSON; throws an Error naming the first bad field. */
export function parseConfigPatch(value: unknown): Partial<StubConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('config must be a JSON object');
  }
  const patch: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!(key in CHECKS)) throw new Error(`unknown config field "${key}"`);
    const problem = CHECKS[key as Field](field);
    if (problem) throw new Error(`config field "${key}" must be ${problem}`);
    patch[key] = field;
  }
  return patch as Partial<StubConfig>;
}
