// Every string the column-job dialog shows itself, in English and Japanese: its own, the form's and
// the column jobs'. Server messages (a refused spec, a short budget) arrive in the reader's language.
import { catalog, mergeCatalogs, type Catalog } from '../shared/i18n';
import { FORM_TEXT } from '../shared/job-form-text';
import { JOB_TEXT } from '../shared/job-text';

const en = {
  page_title: 'Process a column',
  intro:
    'Runs one task on every cell of a column and writes the answers as plain values into another column.',
  jobs_here: 'Jobs started here',
  show_progress: 'Show progress',
  another_job: 'Process another column',
  close: 'Close',
} as const;

const ja: Record<keyof typeof en, string> = {
  page_title: '列を処理',
  intro: '列のすべてのセルに 1 つのタスクを実行し、結果を値として別の列に書き込みます。',
  jobs_here: 'ここで開始したジョブ',
  show_progress: '進行状況を表示',
  another_job: '別の列を処理',
  close: '閉じる',
};

export const TEXTS = mergeCatalogs(mergeCatalogs(JOB_TEXT, FORM_TEXT), catalog(en, ja));
export type TextKey = keyof typeof TEXTS.en;

/** Every string of the page, for a test that checks both languages have the same keys and placeholders. */
export function catalogs(): Catalog<TextKey> {
  return TEXTS;
}
