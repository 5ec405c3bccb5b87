// Every string the column-job dialog shows itself, in English and Japanese: its own and the
// column jobs'. Server messages (a refused spec, a short budget) arrive in the reader's language.
import { catalog, mergeCatalogs, type Catalog } from '../shared/i18n';
import { JOB_TEXT } from '../shared/job-text';

const en = {
  page_title: 'Process a column',
  intro:
    'Runs one task on every cell of a column and writes the answers as plain values into another column.',

  tab_label: 'Tab',
  input_label: 'Input column',
  output_label: 'Output column',
  column_header: '{column} — {header}',
  column_empty: '{column} (empty)',
  task_label: 'Task',
  first_row_label: 'First row',
  last_row_label: 'Last row',
  overwrite_label: 'Overwrite cells that already have values',

  labels_label: 'Labels (optional)',
  labels_hint: 'Three labels for positive, neutral and negative, comma-separated, e.g. 良い,普通,悪い',
  categories_label: 'Categories',
  categories_hint: 'Comma-separated, e.g. billing, shipping, product, other',
  what_label: 'What to extract',
  what_placeholder: 'e.g. email addresses',
  max_words_label: 'Longest summary (words)',
  target_label: 'Translate into',
  target_placeholder: 'e.g. Japanese',
  source_label: 'From (optional)',
  source_placeholder: 'detected when empty',
  prompt_label: 'Instruction',
  prompt_placeholder: 'e.g. Write a one-line product description',
  more_options: 'More options',
  model_label: 'Model',
  model_default: 'The model in Settings ({model})',
  model_shuts_down: ' · shuts down {date}',

  need_field: 'Fill in “{field}” to see the estimate.',
  need_rows: 'Rows are whole numbers from 1, and the last row is not before the first.',
  need_columns: 'Choose an output column other than the input column.',
  estimating: 'Estimating…',
  estimate_rows: '{nonBlank} of {rows} rows have text to process.',
  estimate_tokens: 'At most {tokens} tokens, about {cost}.',
  estimate_budget: 'Budget left: {remaining} tokens.',
  estimate_no_budget: 'No token budget is set.',
  estimate_note: 'An upper bound: answers already cached cost nothing, and most answers are shorter.',
  budget_short:
    'The budget left ({remaining} tokens) may not cover this job. Raise the budget in Settings, choose fewer rows, or run until the budget is reached: the job then pauses, and you can resume it after raising the budget.',
  run_until_budget: 'Run until the budget is reached',
  open_settings: 'Open Settings',
  start: 'Start',
  starting: 'Starting…',
  jobs_here: 'Jobs started here',
  show_progress: 'Show progress',
  another_job: 'Process another column',
  close: 'Close',
} as const;

const ja: Record<keyof typeof en, string> = {
  page_title: '列を処理',
  intro: '列のすべてのセルに 1 つのタスクを実行し、結果を値として別の列に書き込みます。',

  tab_label: 'シート',
  input_label: '入力列',
  output_label: '出力列',
  column_header: '{column} — {header}',
  column_empty: '{column}（空）',
  task_label: 'タスク',
  first_row_label: '開始行',
  last_row_label: '終了行',
  overwrite_label: 'すでに値が入っているセルも上書きする',

  labels_label: 'ラベル（省略可）',
  labels_hint: 'ポジティブ・ニュートラル・ネガティブの順に 3 つ、カンマ区切り（例: 良い,普通,悪い）',
  categories_label: 'カテゴリ',
  categories_hint: 'カンマ区切り（例: 請求, 配送, 製品, その他）',
  what_label: '抽出する内容',
  what_placeholder: '例: メールアドレス',
  max_words_label: '要約の最大語数',
  target_label: '翻訳先の言語',
  target_placeholder: '例: 英語',
  source_label: '翻訳元の言語（省略可）',
  source_placeholder: '空欄なら自動判定',
  prompt_label: '指示',
  prompt_placeholder: '例: 商品説明を 1 行で書いてください',
  more_options: 'その他のオプション',
  model_label: 'モデル',
  model_default: '設定のモデル（{model}）',
  model_shuts_down: ' · {date} に提供終了',

  need_field: '見積もりを表示するには「{field}」を入力してください。',
  need_rows: '行番号は 1 以上の整数で、終了行は開始行以降にしてください。',
  need_columns: '出力列には入力列と別の列を選んでください。',
  estimating: '見積もり中…',
  estimate_rows: '{rows} 行のうち {nonBlank} 行に処理するテキストがあります。',
  estimate_tokens: '最大 {tokens} トークン、約 {cost}。',
  estimate_budget: '予算の残り: {remaining} トークン。',
  estimate_no_budget: 'トークン予算は設定されていません。',
  estimate_note:
    '上限の見積もりです。キャッシュ済みの回答は費用がかからず、ほとんどの回答はもっと短くなります。',
  budget_short:
    '予算の残り（{remaining} トークン）では足りない可能性があります。設定で予算を上げるか、行を減らすか、予算に達するまで実行してください。その場合ジョブは一時停止し、予算を上げた後に再開できます。',
  run_until_budget: '予算に達するまで実行',
  open_settings: '設定を開く',
  start: '開始',
  starting: '開始しています…',
  jobs_here: 'ここで開始したジョブ',
  show_progress: '進行状況を表示',
  another_job: '別の列を処理',
  close: '閉じる',
};

export const TEXTS = mergeCatalogs(JOB_TEXT, catalog(en, ja));
export type TextKey = keyof typeof TEXTS.en;

/** Every string of the page, for a test that checks both languages have the same keys and placeholders. */
export function catalogs(): Catalog<TextKey> {
  return TEXTS;
}
