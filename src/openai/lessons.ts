// Learning from a 400: when the API refuses a parameter (or one of its values) for a model, the
// request is sent once more without it (or with the value the error says is supported), and the
// lesson is kept so the next request for that model is right the first time. Branches on the
// error's code and param, with the message only to read the supported values.
import type { APIError } from './errors';
import { cheapestOf, type Lessons, type ModelLesson } from './models';
import type { ChatBody } from './request';

/** Parameters a request cannot do without: their refusal is a real error, not a lesson. */
const ESSENTIAL = new Set(['model', 'messages', 'response_format']);

export interface Adaptation {
  body: ChatBody;
  lesson: ModelLesson;
}

export function adaptToRefusal(body: ChatBody, error: APIError): Adaptation | null {
  if (error.status !== 400) return null;
  const code = error.code;
  if (code !== 'unsupported_parameter' && code !== 'unsupported_value') return null;
  const param = refusedParam(error);
  if (!param || ESSENTIAL.has(param)) return null;
  const next = { ...body } as Record<string, unknown>;
  const lesson = lessonFor(param, code, error.body?.message ?? '', next);
  if (!lesson || JSON.stringify(next) === JSON.stringify(body)) return null;
  return { body: next as unknown as ChatBody, lesson };
}

function refusedParam(error: APIError): string | undefined {
  const named = error.body?.param ?? /parameter: '([\w.]+)'/.exec(error.body?.message ?? '')?.[1];
  return named === 'reasoning.effort' ? 'reasoning_effort' : (named ?? undefined);
}

/** Changes `body` in place to what the refusal asks for, and says what was learned. */
function lessonFor(
  param: string,
  code: string,
  message: string,
  body: Record<string, unknown>,
): ModelLesson | null {
  if (param === 'temperature') {
    delete body.temperature;
    return { noTemperature: true };
  }
  if (param === 'max_completion_tokens' && code === 'unsupported_parameter') {
    return rename(body, 'max_completion_tokens', 'max_tokens') ? { tokenParam: 'max_tokens' } : null;
  }
  if (param === 'max_tokens' && code === 'unsupported_parameter') {
    return rename(body, 'max_tokens', 'max_completion_tokens')
      ? { tokenParam: 'max_completion_tokens' }
      : null;
  }
  if (param === 'reasoning_effort') return effortLesson(code, message, body);
  delete body[param];
  return { drop: [param] };
}

function effortLesson(code: string, message: string, body: Record<string, unknown>): ModelLesson | null {
  if (code === 'unsupported_parameter') {
    delete body.reasoning_effort;
    return { reasoning: false };
  }
  const supported = /Supported values are:(.*)$/i.exec(message)?.[1].match(/'([a-z]+)'/g) ?? [];
  const effort = cheapestOf(supported.map((s) => s.slice(1, -1)));
  if (!effort) return null;
  body.reasoning_effort = effort;
  return { reasoning: true, effort };
}

function rename(body: Record<string, unknown>, from: string, to: string): boolean {
  if (body[from] === undefined) return false;
  body[to] = body[from];
  delete body[from];
  return true;
}

export function mergeLesson(into: ModelLesson, lesson: ModelLesson): ModelLesson {
  const drop = [...new Set([...(into.drop ?? []), ...(lesson.drop ?? [])])];
  return { ...into, ...lesson, ...(drop.length ? { drop } : {}) };
}

/** Where a spreadsheet keeps what the API taught about models (document properties). */
export const LESSONS_PROPERTY = 'openai:lessons';
/** A model that went missing is tried again after this long (it may have been an access problem). */
const MISSING_FOR_DAYS = 7;

export function readLessons(props: Record<string, string>, today?: string): Lessons {
  // Model names are user input: a null-prototype object, so "constructor" is just a name.
  const lessons = Object.create(null) as Lessons;
  try {
    Object.assign(lessons, JSON.parse(props[LESSONS_PROPERTY] ?? '{}'));
  } catch {
    return lessons;
  }
  if (today) {
    for (const lesson of Object.values(lessons)) {
      if (lesson.missingSince && daysBetween(lesson.missingSince, today) > MISSING_FOR_DAYS)
        delete lesson.missingSince;
    }
  }
  return lessons;
}

/** The property change that adds `learned` to the spreadsheet's lessons, or {} when nothing is new. */
export function lessonChanges(props: Record<string, string>, learned: Lessons): Record<string, string> {
  const models = Object.keys(learned);
  if (!models.length) return {};
  const lessons = readLessons(props);
  for (const model of models) lessons[model] = mergeLesson(lessons[model] ?? {}, learned[model]);
  return { [LESSONS_PROPERTY]: JSON.stringify(lessons) };
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
