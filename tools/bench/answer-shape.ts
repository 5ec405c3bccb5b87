// `npm run bench:answers`: tokens billed per row for the two structured-output shapes of a batched
// request (keyed: one required property per item; list: [{id, answer}]), built by the add-on's own
// code and counted by the stub's o200k tokenizer (the schema counts as input, as the API counts it).
// Prints figures and ratios; asserts nothing.
import { makeBatch } from '../../src/engine/batch';
import type { AnswerShape } from '../../src/engine/answer-shape';
import { classifyTask, sentimentTask, summarizeTask, type Task } from '../../src/engine/tasks';
import { capabilitiesOf, costUsd } from '../../src/openai/models';
import { buildChatBody } from '../../src/openai/request';
import { startStub, type StubHandle } from '../openai-stub';

const MODEL = 'gpt-6-luna';
const KEY = 'sk-proj-bench0123456789abcdefghijklmnop';
const ROWS = 500;
const MOODS = [
  'I love it, excellent quality',
  'Broken on arrival, terrible',
  'It arrived on Tuesday',
  '最高です、満足しています',
  '壊れていて最悪でした',
];

interface Usage {
  prompt: number;
  completion: number;
}

async function send(stub: StubHandle, body: unknown): Promise<Usage> {
  const res = await fetch(`${stub.baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { usage?: { prompt_tokens: number; completion_tokens: number } };
  if (!res.ok || !json.usage) throw new Error(`stub answered ${res.status}: ${JSON.stringify(json)}`);
  return { prompt: json.usage.prompt_tokens, completion: json.usage.completion_tokens };
}

async function measure(stub: StubHandle, task: Task, shape: AnswerShape): Promise<Usage> {
  const texts = Array.from({ length: ROWS }, (_, i) => `${MOODS[i % MOODS.length]} (#${i})`);
  const caps = capabilitiesOf(MODEL);
  const total: Usage = { prompt: 0, completion: 0 };
  for (let first = 0; first < ROWS; first += task.batchSize) {
    const positions = texts.map((_, i) => i).slice(first, first + task.batchSize);
    const batch = makeBatch(texts, positions, task, { model: MODEL, caps, shape });
    const usage = await send(stub, buildChatBody(batch.spec, caps));
    total.prompt += usage.prompt;
    total.completion += usage.completion;
  }
  return total;
}

async function main(): Promise<void> {
  const stub = await startStub({ today: '2026-12-01' });
  const tasks: Array<[string, Task]> = [
    ['sentiment', sentimentTask()],
    [
      'classify (6 categories)',
      classifyTask(['billing', 'shipping', 'product', 'praise', 'complaint', 'other']),
    ],
    ['summarize', summarizeTask(12)],
  ];
  const out: Array<[string, string]> = [];
  try {
    for (const [name, task] of tasks) {
      const per: Record<AnswerShape, Usage> = {
        list: await measure(stub, task, 'list'),
        keyed: await measure(stub, task, 'keyed'),
      };
      for (const shape of ['list', 'keyed'] as const) {
        const u = per[shape];
        const usd = costUsd(MODEL, { input: u.prompt, output: u.completion }) ?? 0;
        out.push([
          `${name}, ${shape}: tokens per row (input + output)`,
          `${((u.prompt + u.completion) / ROWS).toFixed(1)} (${(u.prompt / ROWS).toFixed(1)} + ${(u.completion / ROWS).toFixed(1)})`,
        ]);
        out.push([`${name}, ${shape}: US$ per 1,000 rows on ${MODEL}`, ((usd / ROWS) * 1000).toFixed(5)]);
      }
      const tokens = (u: Usage) => u.prompt + u.completion;
      const cost = (u: Usage) => costUsd(MODEL, { input: u.prompt, output: u.completion }) ?? 0;
      out.push([`${name}: keyed / list, tokens`, (tokens(per.keyed) / tokens(per.list)).toFixed(3)]);
      out.push([`${name}: keyed / list, cost`, (cost(per.keyed) / cost(per.list)).toFixed(3)]);
    }
  } finally {
    await stub.stop();
  }
  console.log(`Answer shapes: ${ROWS} rows per task, batches as the add-on plans them, model ${MODEL}.`);
  const width = Math.max(...out.map(([k]) => k.length));
  for (const [k, v] of out) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
