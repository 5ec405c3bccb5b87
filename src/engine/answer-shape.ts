// The structured output a batched request asks for, and reading it back. Two shapes:
//   keyed: {"answers":{"0":"positive","1":"negative"}}: one required property per item, so an
//          item can be neither dropped nor answered twice by a schema-following model;
//   list:  {"answers":[{"id":0,"answer":"positive"}, ...]}: the older shape.
// Either way an id answered twice decides nothing: both answers are dropped and the row is asked
// again alone (an obeyed injection or a confused model must not choose a neighbour's answer).
import type { Task } from './tasks';

export type AnswerShape = 'keyed' | 'list';

/** Measured with `npm run bench -- schema` (docs/measured.md): the keyed shape costs fewer tokens per row. */
export const ANSWER_SHAPE: AnswerShape = 'keyed';

export function answerSchema(
  task: Task,
  count: number,
  shape: AnswerShape = ANSWER_SHAPE,
): Record<string, unknown> {
  const answer = task.labels ? { type: 'string', enum: task.labels } : { type: 'string' };
  if (shape === 'list') {
    return {
      type: 'object',
      properties: {
        answers: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'integer' }, answer },
            required: ['id', 'answer'],
            additionalProperties: false,
          },
        },
      },
      required: ['answers'],
      additionalProperties: false,
    };
  }
  const ids = Array.from({ length: count }, (_, i) => String(i));
  return {
    type: 'object',
    properties: {
      answers: {
        type: 'object',
        properties: Object.fromEntries(ids.map((id) => [id, { $ref: '#/$defs/a' }])),
        required: ids,
        additionalProperties: false,
      },
    },
    required: ['answers'],
    additionalProperties: false,
    $defs: { a: answer },
  };
}

/** Answers by item id (0..count-1) from the model's JSON; ids answered twice are left out. */
export function readAnswers(content: string, count: number): Map<number, string> {
  const found = new Map<number, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return found;
  }
  const answers = (parsed as { answers?: unknown } | null)?.answers;
  const twice = new Set<number>();
  const take = (id: number, answer: unknown) => {
    if (!Number.isInteger(id) || id < 0 || id >= count || typeof answer !== 'string') return;
    if (found.has(id)) twice.add(id);
    found.set(id, answer);
  };
  if (Array.isArray(answers)) {
    for (const entry of answers) {
      const { id, answer } = (entry ?? {}) as { id?: unknown; answer?: unknown };
      if (typeof id === 'number') take(id, answer);
    }
  } else if (answers && typeof answers === 'object') {
    for (const [key, answer] of Object.entries(answers)) if (/^\d+$/.test(key)) take(Number(key), answer);
    // JSON.parse keeps the last of two equal keys silently: find them in the text itself.
    for (const key of repeatedKeys(content, 2)) twice.add(Number(key));
  }
  for (const id of twice) found.delete(id);
  return found;
}

/** Keys that occur twice in one object at the given depth of a JSON text (1 = the root object). */
export function repeatedKeys(json: string, depth: number): string[] {
  const repeated = new Set<string>();
  const stack: Array<{ object: boolean; keys: Set<string>; expectKey: boolean }> = [];
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    const top = stack[stack.length - 1];
    if (ch === '"') {
      const end = stringEnd(json, i);
      if (top?.object && top.expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (stack.length === depth && top.keys.has(key)) repeated.add(key);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[')
      stack.push({ object: ch === '{', keys: new Set(), expectKey: ch === '{' });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && top?.object) top.expectKey = true;
  }
  return [...repeated];
}

function stringEnd(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i;
  }
  return json.length - 1;
}
