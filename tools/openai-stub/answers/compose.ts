// The assistant's reply to a chat request: free text, a JSON object, or JSON following the schema.

import type { ChatRequest } from '../chat-request';
import { freeAnswer } from './free-text';
import { SchemaAnswerer, type BatchItem } from './schema-answer';

export interface ComposeOptions {
  /** Leave the last item out of a batched answer (the drop_item fault). */
  dropLastItem?: boolean;
}

export function composeContent(request: ChatRequest, options: ComposeOptions = {}): string {
  const system = request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => m.content)
    .join('\n');
  const user = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const items = batchItems(user);
  const drop = options.dropLastItem === true;
  switch (request.format.type) {
    case 'json_schema':
      return JSON.stringify(new SchemaAnswerer(request.format.schema, system).answer(user, items, drop));
    case 'json_object':
      return JSON.stringify(jsonObjectAnswer(user, items, system, drop));
    default:
      return freeAnswer(user, system);
  }
}

function jsonObjectAnswer(user: string, items: BatchItem[] | null, system: string, drop: boolean): unknown {
  if (!items) return { answer: freeAnswer(user, system) };
  const kept = drop ? items.slice(0, -1) : items;
  return { answers: kept.map((item) => ({ id: item.id, answer: freeAnswer(item.text, system) })) };
}

/** `{"items":[{"id":0,"text":"..."}, ...]}` in the user message, or null when it is anything else. */
export function batchItems(user: string): BatchItem[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(user);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const items = (parsed as { items?: unknown }).items;
  if (!Array.isArray(items) || items.length === 0) return null;
  const out: BatchItem[] = [];
  for (const [index, item] of items.entries()) {
    if (typeof item !== 'object' || item === null) return null;
    const { id, text } = item as { id?: unknown; text?: unknown };
    out.push({
      id: typeof id === 'number' && Number.isInteger(id) ? id : index,
      text: typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text),
    });
  }
  return out;
}
