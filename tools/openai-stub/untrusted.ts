// Switches that make the stub behave like a careless or hostile OpenAI-compatible server, for
// testing that the add-on trusts nothing it is sent: usage that is not a count, answers longer than
// the token cap allows, and a 400 that repeats the caller's key.

import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ApiError } from './api-errors';
import type { KeyEcho, StubConfig } from './config';

/** The answer as such a server sends it: usage replaced or left out, answer strings lengthened. */
export function distrust(body: ChatCompletion, config: StubConfig): ChatCompletion {
  let out: ChatCompletion = body;
  if (config.answerChars !== null) {
    const chars = config.answerChars;
    out = {
      ...out,
      choices: out.choices.map((c) => ({
        ...c,
        message: { ...c.message, content: lengthen(c.message.content ?? '', chars) },
      })),
    };
  }
  const override = config.usageOverride;
  if (override === 'omit') {
    const { usage: _omitted, ...rest } = out;
    return rest as ChatCompletion;
  }
  if (override) return { ...out, usage: { ...out.usage, ...override } as ChatCompletion['usage'] };
  return out;
}

/** Every string inside the JSON answer (or the plain text) made `chars` characters long. */
function lengthen(content: string, chars: number): string {
  const long = (text: string) => (text + ' ' + 'lorem ipsum '.repeat(Math.ceil(chars / 12))).slice(0, chars);
  try {
    const value: unknown = JSON.parse(content);
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? long(v) : v));
  } catch {
    return long(content);
  }
}

/** The key as the message of a 400 repeats it. */
export function echoedKey(key: string, how: KeyEcho): string {
  switch (how) {
    case 'plain':
      return key;
    case 'no_prefix':
      return key.replace(/^sk-/, '');
    case 'url':
      return [...key]
        .map((ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
        .join('');
    case 'spaced':
      return [...key].join(' ');
    case 'base64':
      return Buffer.from(key).toString('base64');
    case 'base64_bearer':
      return Buffer.from(`Authorization: Bearer ${key}`).toString('base64');
  }
}

/** A 400 that repeats the key, as some compatible servers do when they log the request back. */
export function keyEchoError(key: string, how: KeyEcho): ApiError {
  const message = `Request rejected for credentials ${echoedKey(key, how)}: unsupported parameter.`;
  return {
    status: 400,
    body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
  };
}
