// Every string the evaluation dialog shows itself, in English and Japanese: its own, the form's and
// the jobs'. Server messages (a refused spec, a short budget) arrive in the reader's language.
import { catalog, mergeCatalogs, type Catalog } from '../shared/i18n';
import { FORM_TEXT } from '../shared/job-form-text';
import { JOB_TEXT } from '../shared/job-text';

const en = {
  page_title: 'Evaluate a task',
  intro:
    'Compares the answers of up to three models with a column of answers you know are right, and writes a report to a new tab. Nothing is written into your columns.',
  results_heading: 'Results',
  results_partial: 'Figures so far, from {rows} rows.',
  col_model: 'Model',
  col_rows: 'Rows',
  col_accuracy: 'Accuracy',
  col_normalized: 'Normalized',
  col_tokens: 'Tokens / 1,000 rows',
  col_cost: 'US$ / 1,000 rows',
  col_seconds: 'Seconds',
  normalized_note:
    'Normalized: the same after ignoring case, full-width letters, extra spaces, quotes and end punctuation.',
  recommended: '{model} is the cheapest model within 2 points of the best accuracy.',
  recommended_none: 'No model can be recommended: none has a known price.',
  recommended_no_rows:
    'No row was compared: none of the {skipped} rows has both a text and an expected answer in column {column}. Choose the column that holds the answers you expect, then evaluate again.',
  use_default: 'Make {model} my default model',
  default_saved: '{model} is now your default model.',
  labels_heading: 'Precision and recall per label',
  col_label: 'Label',
  col_precision: 'Precision',
  col_recall: 'Recall',
  confusion_heading: 'Confusion table · {model}',
  confusion_caption: 'Rows: the expected label. Columns: the label the model gave. Darker: more rows.',
  confusion_expected: 'Expected ↓ / answered →',
  wrong_rows: '{rows} rows were answered differently from the expected answer.',
  report_written: 'The report, with those rows side by side for review, is in the tab “{sheet}”.',
  report_pending: 'The report tab is written when the evaluation finishes.',
  evaluations_here: 'Evaluation',
  show_progress: 'Show progress',
  another_job: 'Evaluate again',
  close: 'Close',
} as const;

const ja: Record<keyof typeof en, string> = {
  page_title: 'タスクを評価',
  intro:
    '最大 3 つのモデルの回答を、正しいとわかっている回答の列と比較し、新しいシートにレポートを書き込みます。元の列には何も書き込みません。',
  results_heading: '結果',
  results_partial: 'ここまでの {rows} 行の結果です。',
  col_model: 'モデル',
  col_rows: '行数',
  col_accuracy: '正解率',
  col_normalized: '正規化後',
  col_tokens: '1,000 行あたりのトークン',
  col_cost: '1,000 行あたりの米ドル',
  col_seconds: '秒',
  normalized_note:
    '正規化後: 大文字と小文字、全角と半角、余分な空白、引用符、末尾の句読点の違いを無視した一致です。',
  recommended: '{model} は、最も高い正解率から 2 ポイント以内で最も安いモデルです。',
  recommended_none: '料金のわかるモデルがないため、おすすめできるモデルはありません。',
  recommended_no_rows:
    '比較できた行がありません。{skipped} 行のどれも、テキストと {column} 列の正解の両方がそろっていません。正解が入っている列を選んで、もう一度評価してください。',
  use_default: '{model} を既定のモデルにする',
  default_saved: '{model} を既定のモデルにしました。',
  labels_heading: 'ラベルごとの適合率と再現率',
  col_label: 'ラベル',
  col_precision: '適合率',
  col_recall: '再現率',
  confusion_heading: '混同行列 · {model}',
  confusion_caption: '行: 期待するラベル。列: モデルの回答。色が濃いほど行数が多いことを示します。',
  confusion_expected: '期待 ↓ / 回答 →',
  wrong_rows: '{rows} 行で、期待する回答と異なる回答がありました。',
  report_written: 'それらの行を並べて確認できるレポートは、シート「{sheet}」にあります。',
  report_pending: 'レポートのシートは評価が終わると書き込まれます。',
  evaluations_here: '評価',
  show_progress: '進行状況を表示',
  another_job: 'もう一度評価',
  close: '閉じる',
};

export const TEXTS = mergeCatalogs(mergeCatalogs(JOB_TEXT, FORM_TEXT), catalog(en, ja));
export type TextKey = keyof typeof TEXTS.en;

/** Every string of the page, for a test that checks both languages have the same keys and placeholders. */
export function catalogs(): Catalog<TextKey> {
  return TEXTS;
}
