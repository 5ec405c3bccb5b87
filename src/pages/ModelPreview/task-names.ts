// Task names as the preview shows them (the job dialogs' own names live in shared/job-text.ts).
import type { Locale } from '../shared/i18n';
import type { TaskName } from '../shared/server';

export const TASK_NAMES_TEXT: Record<Locale, Record<TaskName, string>> = {
  en: {
    sentiment: 'Sentiment',
    classify: 'Classify',
    extract: 'Extract',
    summarize: 'Summarize',
    translate: 'Translate',
    prompt: 'Prompt',
  },
  ja: {
    sentiment: '感情分析',
    classify: '分類',
    extract: '抽出',
    summarize: '要約',
    translate: '翻訳',
    prompt: 'プロンプト',
  },
};
