// The built bundle in the emulator, talking to the stub server as if it were api.openai.com.
import { Emulator, type EmulatorOptions } from '../../tools/emulator';
import { startStub, type StubConfig, type StubHandle } from '../../tools/openai-stub';

export const GOOD_KEY = 'sk-proj-test0123456789abcdefghijklmnop';
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
  const stub = existingStub ?? (await startStub(stubConfig));
  const emu = await Emulator.create({
    hostMap: { 'https://api.openai.com': stub.baseUrl },
    spreadsheet: { sheets: { Sheet1: [['Review', 'Result']] } },
    ...options,
  });
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

/** A column of texts as sheet rows starting at row 2 (row 1 is a header). */
export function column(header: string, texts: string[]): unknown[][] {
  return [[header, ''], ...texts.map((t) => [t, ''])];
}
