// GPT_SENTIMENT and GPT_CLASSIFY: answers that can only ever be one of the given labels.
import { parseExamples } from '../engine/context';
import { classifyTask, sentimentTask } from '../engine/tasks';
import { listArgument } from '../engine/values';
import { UserError } from '../i18n/messages';
import { isOmitted } from './args';
import { runFormula, type FormulaEnv } from './formula';

export function gptSentiment(env: FormulaEnv, text: unknown, labels?: unknown, examples?: unknown): unknown {
  const task = () => {
    if (isOmitted(labels)) return sentimentTask();
    const list = listArgument(labels);
    if (list.length !== 3 || new Set(list).size !== 3) throw new UserError('labels_count');
    return sentimentTask(list);
  };
  return runFormula(env, text, task, undefined, {
    examples: () => parseExamples(examples, task().labels),
    shared: { name: 'GPT_SENTIMENT', textArgument: 0 },
  });
}

export function gptClassify(
  env: FormulaEnv,
  text: unknown,
  categories: unknown,
  examples?: unknown,
): unknown {
  const task = () => {
    const list = [...new Set(listArgument(categories))];
    if (list.length < 2) throw new UserError('categories_missing');
    return classifyTask(list);
  };
  return runFormula(env, text, task, undefined, {
    examples: () => parseExamples(examples, task().labels),
    shared: { name: 'GPT_CLASSIFY', textArgument: 0 },
  });
}
