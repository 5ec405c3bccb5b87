// GPT_EXTRACT, GPT_SUMMARIZE, GPT_TRANSLATE and the free-form GPT.
import { extractTask, promptTask, summarizeTask, translateTask } from '../engine/tasks';
import { parseExamples } from '../engine/context';
import { isOmitted, optionalInteger, optionalNumber, optionalText, requiredText } from './args';
import { runFormula, withMessages, type FormulaEnv } from './formula';

export const DEFAULT_SUMMARY_WORDS = 30;

export function gptExtract(env: FormulaEnv, text: unknown, what: unknown, examples?: unknown): unknown {
  return runFormula(env, text, () => extractTask(requiredText('what', what)), undefined, {
    examples: () => parseExamples(examples),
    shared: { name: 'GPT_EXTRACT', textArgument: 0 },
  });
}

export function gptSummarize(env: FormulaEnv, text: unknown, maxWords?: unknown): unknown {
  return runFormula(
    env,
    text,
    () => summarizeTask(optionalInteger('max_words', maxWords, 1, 500) ?? DEFAULT_SUMMARY_WORDS),
    undefined,
    { shared: { name: 'GPT_SUMMARIZE', textArgument: 0 } },
  );
}

export function gptTranslate(env: FormulaEnv, text: unknown, target: unknown, source?: unknown): unknown {
  return runFormula(
    env,
    text,
    () => translateTask(requiredText('target_language', target), optionalText(source)),
    undefined,
    { shared: { name: 'GPT_TRANSLATE', textArgument: 0 } },
  );
}

export function gpt(
  env: FormulaEnv,
  prompt: unknown,
  value?: unknown,
  model?: unknown,
  temperature?: unknown,
  maxTokens?: unknown,
  examples?: unknown,
): unknown {
  const overrides = () => ({
    model: optionalText(model),
    temperature: optionalNumber('temperature', temperature, 0, 2),
    maxTokens: optionalInteger('max_tokens', maxTokens, 1, 16000),
  });
  const limit = () => optionalInteger('max_tokens', maxTokens, 1, 16000);
  const given = () => parseExamples(examples);
  // =GPT() and =GPT("") say the prompt is missing instead of giving a silent blank.
  if (isOmitted(value)) {
    if (isOmitted(prompt)) return withMessages(env, () => requiredText('prompt', prompt));
    return runFormula(env, prompt, () => promptTask('', false, limit()), overrides, {
      examples: given,
      shared: { name: 'GPT', textArgument: 0 },
    });
  }
  return runFormula(env, value, () => promptTask(requiredText('prompt', prompt), true, limit()), overrides, {
    examples: given,
    shared: { name: 'GPT', textArgument: 1 },
  });
}
