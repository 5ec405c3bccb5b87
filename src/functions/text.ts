// GPT_EXTRACT, GPT_SUMMARIZE, GPT_TRANSLATE and the free-form GPT.
import { extractTask, promptTask, summarizeTask, translateTask } from '../engine/tasks';
import { isOmitted, optionalNumber, optionalText, requiredText } from './args';
import { runFormula, type FormulaEnv } from './formula';

export const DEFAULT_SUMMARY_WORDS = 30;

export function gptExtract(env: FormulaEnv, text: unknown, what: unknown): unknown {
  return runFormula(env, text, () => extractTask(requiredText('what', what)), undefined, {
    name: 'GPT_EXTRACT',
    textArgument: 0,
  });
}

export function gptSummarize(env: FormulaEnv, text: unknown, maxWords?: unknown): unknown {
  return runFormula(
    env,
    text,
    () => summarizeTask(optionalNumber('max_words', maxWords, 1, 500) ?? DEFAULT_SUMMARY_WORDS),
    undefined,
    { name: 'GPT_SUMMARIZE', textArgument: 0 },
  );
}

export function gptTranslate(env: FormulaEnv, text: unknown, target: unknown, source?: unknown): unknown {
  return runFormula(
    env,
    text,
    () => translateTask(requiredText('target_language', target), optionalText(source)),
    undefined,
    { name: 'GPT_TRANSLATE', textArgument: 0 },
  );
}

export function gpt(
  env: FormulaEnv,
  prompt: unknown,
  value?: unknown,
  model?: unknown,
  temperature?: unknown,
  maxTokens?: unknown,
): unknown {
  const overrides = () => ({
    model: optionalText(model),
    temperature: optionalNumber('temperature', temperature, 0, 2),
    maxTokens: optionalNumber('max_tokens', maxTokens, 1, 16000),
  });
  const limit = () => optionalNumber('max_tokens', maxTokens, 1, 16000);
  if (isOmitted(value))
    return runFormula(env, prompt, () => promptTask('', false, limit()), overrides, {
      name: 'GPT',
      textArgument: 0,
    });
  return runFormula(env, value, () => promptTask(requiredText('prompt', prompt), true, limit()), overrides, {
    name: 'GPT',
    textArgument: 1,
  });
}
