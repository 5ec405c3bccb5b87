// The built bundle in the emulator, talking to the stub server as if it were api.openai.com.
import { createHash } from 'node:crypto';
import { Emulator, type EmulatorOptions } from '../../tools/emulator';
import { startStub, type StubConfig, type StubHandle } from '../../tools/openai-stub';

export const GOOD_KEY = 'sk-proj-test0123456789abcdefghijklmnop';
/** A restricted key without the "Model capabilities" permission (the stub's `nomodelreq`). */
export const NO_MODEL_PERMISSION_KEY = 'sk-proj-nomodelreq0123456789abcdefgh';
/** A key that may call models but not list them (the stub's `nolist`). */
export const NO_LIST_KEY = 'sk-proj-nolist0123456789abcdefghijklm';

/**
 * Every harness runs on the same day, in the emulator and in the stub's catalogue, so shutdown
 * dates (gpt-5 on 2026-12-11) mean the same in every run, whatever the real date.
 */
export const TODAY = '2026-12-01';
export const NOW = Date.parse(`${TODAY}T03:00:00Z`);
export const REVOKED_KEY = 'sk-proj-revoked0123456789abcdefghijk';
export const NOQUOTA_KEY = 'sk-proj-noquota0123456789abcdefghijk';

export interface Harness {
  emu: Emulator;
  stub: StubHandle;
  close(): Promise<void>;
}

export async function startHarness(
  options: EmulatorOptions = {},
  stubConfig: Partial<StubConfig> = {},
  existingStub?: StubHandle,
): Promise<Harness> {
  const stub = existingStub ?? (await startStub({ today: TODAY, ...stubConfig }));
  const emu = await Emulator.create({
    hostMap: { 'https://api.openai.com': stub.baseUrl },
    spreadsheet: { sheets: { Sheet1: [['Review', 'Result']] } },
    ...options,
  });
  emu.advanceClock(NOW - emu.now());
  return {
    emu,
    stub,
    async close() {
      await emu.close();
      if (!existingStub) await stub.stop();
    },
  };
}

export async function saveKey(emu: Emulator, key = GOOD_KEY, user?: string): Promise<void> {
  const result = await emu.run('saveApiKey', [key], { user });
  if (!result.ok || !(result.value as { ok: boolean }).ok) {
    throw new Error(`saveApiKey failed: ${JSON.stringify(result.error ?? result.value)}`);
  }
}

/**
 * What the first formula run from a cell publishes: the hash of the id in the owner's store, so the
 * owner is known (settings/identity.ts). For tests about jobs and budgets, where the owner's own
 * spending counts against the spreadsheet's budgets only once the owner is known.
 */
/** A new cache epoch, as Clear cache makes (Clear cache itself needs a known owner). */
export function freshCacheEpoch(emu: Emulator): void {
  emu.setProperty('document', 'cache:epoch', `test-${Math.random()}`);
}

/**
 * The owner as before any setup, on the same spreadsheet: no key, settings or model list, and no
 * document properties (budgets, jobs, lessons), read through a new cache epoch.
 */
export async function forgetSetup(emu: Emulator): Promise<void> {
  await emu.run('deleteApiKey');
  emu.setProperty('user', 'settings', null);
  emu.setProperty('user', 'openai.models', null);
  for (const key of Object.keys(emu.properties('document'))) emu.setProperty('document', key, null);
  freshCacheEpoch(emu);
}

export function ownerKnown(emu: Emulator, user?: string): void {
  const id = emu.properties('user', user)['user.id'];
  if (!id) throw new Error('the owner has no id yet: save a key first');
  const hash = createHash('sha256').update(`gpt-functions:user:${id}`).digest('hex').slice(0, 32);
  emu.setProperty('document', 'owner:holder', hash);
}

/**
 * As the owner: lets formulas name these models (formulas spend the owner's key, so a model argument
 * works only for models the owner allowed) and ask for up to `maxTokens`.
 */
export async function allowFormulaModels(emu: Emulator, models: string[], maxTokens?: number): Promise<void> {
  const result = await emu.run('saveSettings', [
    { formulaModels: models, formulaMaxTokens: maxTokens ?? null },
  ]);
  if (!result.ok) throw new Error(`saveSettings failed: ${result.error?.message}`);
}

/** A column of texts as sheet rows starting at row 2 (row 1 is a header). */
export function column(header: string, texts: string[]): unknown[][] {
  return [[header, ''], ...texts.map((t) => [t, ''])];
}
