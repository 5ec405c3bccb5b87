// The complete answer to a chat request that passed its checks: the same for a synchronous call and
// for a request of a batch (content, prompt cache, usage).

import { composeContent } from './answers/compose';
import type { ItemFault } from './answers/schema-answer';
import type { ChatRequest } from './chat-request';
import { buildCompletion, formatSchema, type Usage } from './completion';
import type { StubState } from './state';
import { promptSequence } from './tokens';
import { distrust } from './untrusted';
import type { ChatCompletion } from 'openai/resources/chat/completions';

export function answerChat(
  stub: StubState,
  key: string,
  request: ChatRequest,
  fault: ItemFault = null,
): { body: ChatCompletion; usage: Usage } {
  const sequence = promptSequence(request.messages, formatSchema(request));
  const cache = stub.promptCache.use(key, request.model, sequence, Date.now(), request.family.cacheWrites);
  const mistakes = stub.config.mistakes.filter((m) => m.model === request.model);
  const mistaken = (text: string) => mistakes.find((m) => text.includes(m.contains))?.answer ?? null;
  const content = composeContent(request, fault, stub.config.obeyInjections, mistaken);
  const built = buildCompletion(request, content, cache, stub.now());
  return { ...built, body: distrust(built.body, stub.config) };
}
