// Every string the model-change preview shows itself, in English and Japanese. Server messages (no
// recorded answers, a budget, the owner-only rule) arrive in the reader's language.
import { catalog, type Catalog } from '../shared/i18n';

const en = {
  page_title: 'Preview a model change',
  intro:
    'Asks another model the texts this spreadsheet already answered with the model formulas use, and shows which answers would change. The current model is not asked again.',
  current: 'Formulas use {model}.',
  current_shuts: 'Formulas use {model}, which OpenAI shuts down on {date} ({days} days).',
  recorded: '{rows} texts answered with {model} in the last 6 hours can be compared.',
  recorded_none:
    'No answers of {model} are recorded yet (they are kept 6 hours after formulas last used them). Recalculate the formulas, then open this preview again.',
  target_label: 'Compare with',
  estimating: 'Estimating…',
  estimate:
    'Asks {rows} texts in {requests} requests: at most {tokens} tokens, about {cost}, with your key and budget.',
  run: 'Run the preview',
  running: 'Asking {model}…',
  results_heading: '{from} → {to}',
  task_heading: '{task} · {rows} rows',
  labels_same: '{same} of {answered} answers stay the same ({percent}).',
  text_same: '{same} of {answered} answers are word for word the same.',
  no_flips: 'No answer flips.',
  col_from: '{model} said',
  col_to: '{model} says',
  col_rows: 'Rows',
  col_text: 'Text',
  problem: 'Not answered: {rows} rows. {reason}',
  cost_heading: 'Cost and time',
  col_model: 'Model',
  col_usd: 'US$ / 1,000 rows',
  col_seconds: 'Seconds / 1,000 rows',
  not_known: '—',
  switch: 'Switch formulas to {model}',
  keep: 'Keep {model}',
  keep_until: 'Keep {model} until {date}',
  keep_note: 'Formulas keep {model}; on {date} the add-on moves them to {replacement}.',
  kept: 'Nothing changed.',
  switched:
    'Formulas now use {model}. Cached answers of {from} are not reused by {model}; recalculating asks it.',
  owner_only_note: 'Only the spreadsheet’s owner can switch the model formulas use.',
} as const;

const ja: Record<keyof typeof en, string> = {
  page_title: 'モデル変更のプレビュー',
  intro:
    '数式がいま使っているモデルで回答済みのテキストを別のモデルに尋ね、どの回答が変わるかを示します。現在のモデルにはもう一度尋ねません。',
  current: '数式は {model} を使っています。',
  current_shuts: '数式は {model} を使っています。OpenAI は {date} に提供を終了します（あと {days} 日）。',
  recorded: '直近 6 時間に {model} が回答した {rows} 件のテキストを比較できます。',
  recorded_none:
    '{model} の回答がまだ記録されていません（回答は数式が最後に使ってから 6 時間保存されます）。数式を再計算してから、もう一度このプレビューを開いてください。',
  target_label: '比較するモデル',
  estimating: '見積もり中…',
  estimate:
    '{rows} 件を {requests} リクエストで尋ねます：最大 {tokens} トークン、約 {cost}（あなたのキーと予算を使います）。',
  run: 'プレビューを実行',
  running: '{model} に問い合わせ中…',
  results_heading: '{from} → {to}',
  task_heading: '{task}・{rows} 行',
  labels_same: '{answered} 件中 {same} 件の回答が変わりません（{percent}）。',
  text_same: '{answered} 件中 {same} 件の回答が一字一句同じです。',
  no_flips: '変わる回答はありません。',
  col_from: '{model} の回答',
  col_to: '{model} の回答',
  col_rows: '行数',
  col_text: 'テキスト',
  problem: '未回答：{rows} 行。{reason}',
  cost_heading: '料金と時間',
  col_model: 'モデル',
  col_usd: 'US$ / 1,000 行',
  col_seconds: '秒 / 1,000 行',
  not_known: '—',
  switch: '数式を {model} に切り替える',
  keep: '{model} のままにする',
  keep_until: '{date} まで {model} のままにする',
  keep_note: '数式は {model} のままです。{date} にアドオンが {replacement} に切り替えます。',
  kept: '何も変更していません。',
  switched:
    '数式は {model} を使うようになりました。{from} のキャッシュ済みの回答は {model} では使われず、再計算で問い合わせます。',
  owner_only_note: '数式が使うモデルを切り替えられるのは、スプレッドシートのオーナーだけです。',
};

export const TEXTS: Catalog<keyof typeof en> = catalog(en, ja);
export type TextKey = keyof typeof en;
