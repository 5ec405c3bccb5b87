// `npm run check-models` against the stub: the catalogue compared with GET /v1/models.
import { startStub, type StubHandle } from '../../tools/openai-stub/index';
import { compare, isChatModel, run } from '../../tools/check-models/compare';
import { KEY, TODAY } from './client';

let stub: StubHandle;
beforeAll(async () => {
  stub = await startStub({ today: TODAY });
});
afterAll(() => stub.stop());

async function checked(
  config: Parameters<StubHandle['configure']>[0],
): Promise<{ code: number; lines: string[] }> {
  await stub.configure(config);
  const lines: string[] = [];
  const code = await run({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${stub.baseUrl}/v1` }, (l) =>
    lines.push(l),
  );
  return { code, lines };
}

test('against the stub’s models of today it names the four the catalogue has no price for, and no unknown shutdown', async () => {
  const { code, lines } = await checked({ extraModels: [] });
  expect(code).toBe(0);
  expect(lines.find((l) => l.startsWith('models the catalogue lacks'))).toMatch(
    /: gpt-5\.4, gpt-5\.6-sol, gpt-5\.6-terra, gpt-6\.2-astra$/,
  );
  expect(lines).toContain('shutdowns the catalogue does not know: none');
  expect(lines[0]).toMatch(/catalogue checked 2026-12-06/);
});

test('a new model and a newly announced shutdown are printed', async () => {
  const { lines } = await checked({
    extraModels: [
      { id: 'gpt-7-nova', family: 'gpt-6' },
      { id: 'gpt-6-luna', family: 'gpt-6', shutdown_date: '2027-06-30' },
      { id: 'text-embedding-9', family: 'gpt-4' },
    ],
  });
  expect(lines.find((l) => l.startsWith('models the catalogue lacks'))).toMatch(
    /gpt-6\.2-astra, gpt-7-nova$/,
  );
  expect(lines.find((l) => l.startsWith('shutdowns'))).toBe(
    'shutdowns the catalogue does not know: gpt-6-luna 2027-06-30',
  );
  await stub.configure({ extraModels: [] });
});

test('a date the catalogue has differently is printed with both dates', () => {
  const c = compare([{ id: 'gpt-4o', shutdown_date: '2027-02-01' }]);
  expect(c.shutdowns).toEqual([{ id: 'gpt-4o', live: '2027-02-01', catalogue: '2027-01-14' }]);
});

test('only chat models count', () => {
  expect(
    [
      'gpt-6-luna',
      'o3',
      'ft:gpt-6-luna:acme::x',
      'text-embedding-3-small',
      'gpt-4o-mini-tts',
      'whisper-1',
    ].map(isChatModel),
  ).toEqual([true, true, true, false, false, false]);
});

test('without a key it says so and exits 0; a refused key exits 2 with the API’s message', async () => {
  const lines: string[] = [];
  expect(await run({}, (l) => lines.push(l))).toBe(0);
  expect(lines[0]).toMatch(/OPENAI_API_KEY is not set, so nothing was compared/);
  const refused: string[] = [];
  const code = await run(
    { OPENAI_API_KEY: 'sk-revoked-0123456789abcdef', OPENAI_BASE_URL: `${stub.baseUrl}/v1` },
    (l) => refused.push(l),
  );
  expect(code).toBe(2);
  expect(refused.join('\n')).toMatch(/answered 401: Incorrect API key/);
  expect(refused.join('\n')).not.toContain('sk-revoked-0123456789abcdef');
});
