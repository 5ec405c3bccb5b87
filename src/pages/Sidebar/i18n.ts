// Every string the sidebar shows itself, in English and Japanese: its own and the column
// jobs'. Messages that come from the server (key checks, errors) are already in the
// reader's language and are shown as they are.
import { catalog, mergeCatalogs, type Catalog } from '../shared/i18n';
import { JOB_TEXT } from '../shared/job-text';

const en = {
  page_title: 'GPT Functions',

  key_heading: 'OpenAI API key',
  key_status_none: 'No key saved yet.',
  key_status_saved: 'Saved key: {masked}',
  key_label_first: 'Paste your OpenAI API key',
  key_label: 'Paste a new key to replace the saved one',
  key_change: 'Replace or delete the key',
  key_save: 'Test and save',
  key_testing: 'Testing the key with OpenAI…',
  key_delete: 'Delete key',
  key_deleting: 'Deleting…',
  key_deleted:
    'Key deleted. Formulas in spreadsheets you own stop calling OpenAI until you save a key again.',
  key_note_storage:
    'The key is kept in your own Google account’s storage for this add-on and is never shown again in full. Create keys at platform.openai.com/api-keys.',
  key_note_owner:
    'Formulas in a spreadsheet spend the spreadsheet owner’s key and count against the spreadsheet’s budget, so collaborators’ formulas use the owner’s key. Column jobs use the key of whoever starts them.',

  key_main_refused:
    'OpenAI refused your main key in this spreadsheet (revoked?). Formulas and column jobs now use your backup key. Save a new main key above.',
  backup_heading: 'Backup key',
  backup_note:
    'Formulas and column jobs switch to this key when OpenAI refuses the main one (for example after you revoke a leaked key), so you can revoke a key at once without a column of errors.',
  backup_status_none: 'No backup key.',
  backup_status_saved: 'Backup key: {masked}',
  backup_label: 'Paste a second key',
  backup_save: 'Test and save backup',
  backup_delete: 'Delete backup',
  backup_saved: 'Backup key saved.',
  backup_deleted: 'Backup key deleted.',
  model_editor_note:
    'Formulas in this spreadsheet use the owner’s model, key and limits. Your choice here applies to your own spreadsheets, your column jobs and Try it.',
  formula_models_label: 'Other models a formula’s model argument may name (formulas spend your key)',
  formula_max_tokens_label: 'Most output tokens a formula may ask for (empty: each task’s own limit)',
  formula_limits_save: 'Save limits',
  formula_limits_saved: 'Saved.',
  formula_limits_hint:
    'In spreadsheets you own, anyone who can edit may type formulas, and they all spend your key: only the default model and these may be used.',
  instructions_label: 'Spreadsheet instructions (every formula and job here includes them)',
  instructions_placeholder:
    'e.g. These are customer reviews of a Japanese kitchenware shop; “shipping” means delivery problems.',
  instructions_save: 'Save instructions',
  instructions_saved:
    'Saved. Formulas recalculated from now on include them (they are part of the cache key).',
  instructions_hint: 'At most 1,000 characters. Everyone who can open this spreadsheet can read them.',
  isolate_label: 'Send every row alone (for data you do not trust)',
  isolate_cost:
    'No row then shares a request, so none can steer another’s answer, whatever it says. Cost: about {alone} tokens per row instead of {batched} (a sentiment formula over typical reviews), {extra} more per row.',
  isolate_saved: 'Saved. Formulas and column jobs in this spreadsheet send each row alone from now on.',
  isolate_off_saved: 'Saved. Rows are batched again; rows that look like instructions are still sent alone.',
  instructions_read_only: 'Set by the spreadsheet’s owner; only they can change them.',
  model_heading: 'Model',
  model_label: 'Model for formulas (a formula’s own model argument wins)',
  model_automatic: 'Automatic ({model})',
  model_automatic_note: 'Automatic: the cheapest current model your key can use.',
  model_shuts_down: ' · shuts down {date}',
  model_price_unknown: ' · price unknown',
  model_catalog_date: 'Prices and shutdown dates as of {date}; the key’s own model list wins for dates.',
  model_shutdown_soon:
    'OpenAI shuts {model} down on {date} (in {days} days). Choose another model before then; OpenAI recommends {replacement}.',
  model_replaced:
    'OpenAI retired {old}, so formulas now use {model}. Choose another model here if you prefer.',
  model_saving: 'Saving…',
  model_saved: 'Saved. Formulas now use {model}.',
  advanced: 'Advanced',
  base_url_label: 'API base URL',
  base_url_hint:
    'Leave empty to use OpenAI ({url}). Only https:// addresses are accepted. This setting is kept per user, so nobody else can send your key to another server.',
  base_url_save: 'Save URL',
  base_url_saved: 'Saved. Requests go to {url}.',

  try_heading: 'Try it',
  try_label: 'Ask something with your key and model',
  try_placeholder: 'e.g. Say hello in Japanese',
  try_send: 'Send',
  try_waiting: 'Waiting for the answer…',
  try_empty: 'Type a question first.',
  try_note: 'Counts against this spreadsheet’s budget. The same question is answered from the cache.',

  usage_heading: 'Budget and usage',
  usage_intro:
    'Formulas stop calling OpenAI when a budget is used up. A tab’s budget applies on top of the spreadsheet’s.',
  usage_loading: 'Loading usage…',
  scope_spreadsheet: 'Whole spreadsheet',
  tabs_heading: 'Tabs',
  tabs_none: 'No tabs yet.',
  tab_deleted: '(tab deleted)',
  budget_tokens: 'Budget (tokens)',
  budget_usd: 'Budget (US$)',
  budget_usd_placeholder: 'US$',
  budget_usd_number: 'Enter the money budget in US dollars, such as 5 or 0.50, or leave it empty.',
  budget_remove: 'Remove this budget',
  budget_removed_deleted: 'The deleted tab’s budget was removed.',
  budget_ignored:
    'A budget set here by someone other than the owner does not apply; the owner’s own settings do.',
  used_usd_total: '{used} / {limit} in total',
  used_usd_monthly: '{used} / {limit} this month',
  used_usd_daily: '{used} / {limit} today',
  next_period: 'The next period starts {when} (the spreadsheet’s time zone).',
  warning_spike: 'The latest day used far more than usual (over five times the median day).',
  warning_near_limit: '80 % or more of this budget is used.',
  chart_label: 'Tokens per day, last 30 days: {scope}',
  chart_caption: 'Tokens per day, last 30 days (highest: {max})',
  chart_today: 'today',
  usage_editor:
    'Only the spreadsheet’s owner (whose OpenAI key formulas here spend) can change budgets or clear the cache. You see them read-only.',
  usage_unknown:
    'Nobody is recognized as this spreadsheet’s owner yet: that happens when a GPT formula first runs here. A budget you save now is kept as yours, and applies from the first formula if you are the owner (whose key formulas spend).',
  usage_others:
    'Spent here with collaborators’ own keys (column jobs, Try it), in no budget of this spreadsheet: {tokens} tokens, est. {cost}.',
  budget_period: 'Period',
  budget_none: 'No limit',
  budget_save: 'Save',
  budget_saving: 'Saving…',
  budget_saved: 'Budget saved.',
  budget_removed: 'Tab budget removed; the spreadsheet budget still applies.',
  budget_number: 'Enter the budget as a whole number of tokens, such as 1000000.',
  budget_number_tab: 'Enter a whole number of tokens, or leave it empty for no tab budget.',
  period_total: 'Total',
  period_monthly: 'Monthly',
  period_daily: 'Daily',
  used_of_limit_total: '{used} / {limit} tokens in total',
  used_of_limit_monthly: '{used} / {limit} tokens this month',
  used_of_limit_daily: '{used} / {limit} tokens today',
  used_no_limit: '{used} tokens used in total; no tab budget',
  remaining_cost: '{remaining} left · est. {cost} spent in all',
  cost_only: 'est. {cost} spent in all',
  cost_with_unpriced: '{cost} + price unknown for {tokens} tokens',
  unsettled: 'Includes {tokens} tokens held by runs that were cut off.',
  bar_label: 'Budget used: {scope}',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  clear_cache: 'Clear cache',
  clear_confirm:
    'Forget every cached answer of this spreadsheet? Formulas recalculated afterwards call OpenAI again and use tokens.',
  clear_yes: 'Yes, clear',
  clear_no: 'Cancel',
  clearing: 'Clearing…',
  cache_cleared: 'Cache cleared. The next recalculation asks OpenAI again.',

  jobs_heading: 'Column jobs',
  jobs_intro:
    'Process a whole column with one task and get plain values, in chunks that survive the time limit. A job runs while this sidebar or the column dialog is open. Your latest jobs:',
  jobs_open: 'Process a column…',
  jobs_opening: 'Opening the dialog…',
  jobs_none: 'No column jobs yet.',
  jobs_loading: 'Loading jobs…',
  jobs_refresh: 'Refresh jobs',
} as const;

const ja: Record<keyof typeof en, string> = {
  page_title: 'GPT Functions',

  key_heading: 'OpenAI API キー',
  key_status_none: 'キーはまだ保存されていません。',
  key_status_saved: '保存済みのキー: {masked}',
  key_label_first: 'OpenAI API キーを貼り付けてください',
  key_label: '新しいキーを貼り付けると、保存済みのキーと置き換えます',
  key_change: 'キーの置き換え・削除',
  key_save: 'テストして保存',
  key_testing: 'OpenAI でキーをテストしています…',
  key_delete: 'キーを削除',
  key_deleting: '削除しています…',
  key_deleted:
    'キーを削除しました。あなたがオーナーのスプレッドシートの数式は、キーを再び保存するまで OpenAI を呼び出しません。',
  key_note_storage:
    'キーはこのアドオン用に、あなた自身の Google アカウントの保存領域に保管され、二度と全体が表示されることはありません。キーは platform.openai.com/api-keys で作成できます。',
  key_note_owner:
    'スプレッドシートの数式は、そのスプレッドシートのオーナーのキーを使い、スプレッドシートの予算から差し引かれます。共同編集者が入力した数式もオーナーのキーを使います。列の処理は、開始した人のキーを使います。',

  key_main_refused:
    'このスプレッドシートで OpenAI がメインのキーを拒否しました（取り消し済み？）。数式と列の処理は予備のキーを使っています。上で新しいメインのキーを保存してください。',
  backup_heading: '予備のキー',
  backup_note:
    'OpenAI がメインのキーを拒否したとき（漏えいしたキーを取り消した後など）、数式と列の処理はこのキーに切り替わります。キーをすぐに取り消しても、エラーの列になりません。',
  backup_status_none: '予備のキーはありません。',
  backup_status_saved: '予備のキー: {masked}',
  backup_label: '2 つ目のキーを貼り付け',
  backup_save: 'テストして予備を保存',
  backup_delete: '予備を削除',
  backup_saved: '予備のキーを保存しました。',
  backup_deleted: '予備のキーを削除しました。',
  model_editor_note:
    'このスプレッドシートの数式は、オーナーのモデル・キー・上限を使います。ここでの選択は、ご自身のスプレッドシート、列の処理、お試しに使われます。',
  formula_models_label: '数式のモデル引数で指定できるほかのモデル（数式はあなたのキーを使います）',
  formula_max_tokens_label: '数式が指定できる出力トークンの上限（空欄: 各タスクの上限）',
  formula_limits_save: '上限を保存',
  formula_limits_saved: '保存しました。',
  formula_limits_hint:
    'あなたがオーナーのスプレッドシートでは、編集できる人は誰でも数式を入力でき、すべてあなたのキーを使います。使えるのは既定のモデルとここに挙げたモデルだけです。',
  instructions_label: 'スプレッドシートの指示（ここでのすべての数式と列の処理に含まれます）',
  instructions_placeholder: '例: 日本の台所用品店へのお客様レビューです。「配送」は配達の問題を意味します。',
  instructions_save: '指示を保存',
  instructions_saved: '保存しました。これから再計算される数式に含まれます（キャッシュのキーの一部です）。',
  instructions_hint: '1,000 文字まで。このスプレッドシートを開ける人は誰でも読めます。',
  isolate_label: 'すべての行を 1 行ずつ送る（信頼できないデータ向け）',
  isolate_cost:
    '行がリクエストを共有しないので、どんな内容の行も他の行の回答を左右できません。費用: 1 行あたり約 {alone} トークン（まとめて送ると {batched}、一般的なレビューの感情分析の場合）、1 行あたり {extra} 増えます。',
  isolate_saved: '保存しました。このスプレッドシートの数式と列の処理は、これから 1 行ずつ送ります。',
  isolate_off_saved: '保存しました。行をまとめて送ります。指示のように見える行は引き続き 1 行ずつ送ります。',
  instructions_read_only: 'スプレッドシートのオーナーが設定します。変更できるのはオーナーだけです。',
  model_heading: 'モデル',
  model_label: '数式で使うモデル（数式でモデルを指定した場合はそちらが優先）',
  model_automatic: '自動（{model}）',
  model_automatic_note: '自動: キーで使える、提供中で最も安いモデルです。',
  model_shuts_down: ' · {date} に提供終了',
  model_price_unknown: ' · 料金不明',
  model_catalog_date: '料金と提供終了日は {date} 時点の情報です（提供終了日はキーのモデル一覧が優先）。',
  model_shutdown_soon:
    'OpenAI は {model} を {date}（あと {days} 日）に提供終了します。それまでに別のモデルを選んでください。OpenAI の推奨は {replacement} です。',
  model_replaced:
    'OpenAI が {old} を提供終了したため、数式は {model} を使っています。別のモデルを使う場合はここで選んでください。',
  model_saving: '保存しています…',
  model_saved: '保存しました。数式は {model} を使います。',
  advanced: '詳細設定',
  base_url_label: 'API のベース URL',
  base_url_hint:
    '空欄にすると OpenAI（{url}）を使います。https:// のアドレスのみ使えます。この設定はユーザーごとに保存されるため、他の人があなたのキーを別のサーバーへ送らせることはできません。',
  base_url_save: 'URL を保存',
  base_url_saved: '保存しました。リクエストの送信先: {url}',

  try_heading: '試してみる',
  try_label: 'あなたのキーとモデルで質問する',
  try_placeholder: '例: 日本語で挨拶して',
  try_send: '送信',
  try_waiting: '回答を待っています…',
  try_empty: '先に質問を入力してください。',
  try_note: 'このスプレッドシートの予算から差し引かれます。同じ質問にはキャッシュから回答します。',

  usage_heading: '予算と使用量',
  usage_intro:
    '予算を使い切ると、数式は OpenAI を呼び出さなくなります。シートの予算はスプレッドシートの予算に加えて適用されます。',
  usage_loading: '使用量を読み込んでいます…',
  scope_spreadsheet: 'スプレッドシート全体',
  tabs_heading: 'シート',
  tabs_none: 'シートはまだありません。',
  tab_deleted: '（削除されたシート）',
  budget_tokens: '予算（トークン）',
  budget_usd: '予算（米ドル）',
  budget_usd_placeholder: '米ドル',
  budget_usd_number: '金額の予算は 5 や 0.50 のように米ドルで入力するか、空欄にしてください。',
  budget_remove: 'この予算を削除',
  budget_removed_deleted: '削除されたシートの予算を削除しました。',
  budget_ignored: 'オーナー以外の人が設定した予算は適用されません。オーナー自身の設定が適用されます。',
  used_usd_total: '累計 {used} / {limit}',
  used_usd_monthly: '今月 {used} / {limit}',
  used_usd_daily: '今日 {used} / {limit}',
  next_period: '次の期間は {when} に始まります（スプレッドシートのタイムゾーン）。',
  warning_spike: '直近の日の使用量がいつもよりはるかに多くなっています（中央値の 5 倍超）。',
  warning_near_limit: 'この予算の 80 % 以上を使いました。',
  chart_label: '1 日あたりのトークン（過去 30 日）: {scope}',
  chart_caption: '1 日あたりのトークン（過去 30 日、最大 {max}）',
  chart_today: '今日',
  usage_editor:
    '予算の変更やキャッシュの消去ができるのは、スプレッドシートのオーナー（数式が使う OpenAI キーの持ち主）だけです。ここでは閲覧のみできます。',
  usage_unknown:
    'このスプレッドシートのオーナーはまだ認識されていません（ここで GPT の数式が初めて実行されたときに認識されます）。今保存した予算はあなたの予算として保管され、あなたがオーナー（数式が使うキーの持ち主）であれば最初の数式から適用されます。',
  usage_others:
    '共同編集者が自分のキーでここで使った分（列の処理・お試し）。このスプレッドシートの予算には含まれません: {tokens} トークン、推定 {cost}。',
  budget_period: '期間',
  budget_none: '上限なし',
  budget_save: '保存',
  budget_saving: '保存しています…',
  budget_saved: '予算を保存しました。',
  budget_removed: 'シートの予算を削除しました。スプレッドシートの予算は引き続き適用されます。',
  budget_number: '予算はトークン数を整数で入力してください（例: 1000000）。',
  budget_number_tab: 'トークン数を整数で入力するか、シートの予算をなくす場合は空欄にしてください。',
  period_total: '累計',
  period_monthly: '毎月',
  period_daily: '毎日',
  used_of_limit_total: '累計 {used} / {limit} トークン',
  used_of_limit_monthly: '今月 {used} / {limit} トークン',
  used_of_limit_daily: '今日 {used} / {limit} トークン',
  used_no_limit: '累計 {used} トークン使用（シートの予算なし）',
  remaining_cost: '残り {remaining} · 推定費用 累計 {cost}',
  cost_only: '推定費用 累計 {cost}',
  cost_with_unpriced: '{cost} と料金不明の {tokens} トークン',
  unsettled: '途中で中断された実行が確保した {tokens} トークンを含みます。',
  bar_label: '予算の使用量: {scope}',
  refresh: '更新',
  refreshing: '更新しています…',
  clear_cache: 'キャッシュを消去',
  clear_confirm:
    'このスプレッドシートのキャッシュされた回答をすべて消去しますか？ その後に再計算した数式は OpenAI を再び呼び出し、トークンを消費します。',
  clear_yes: '消去する',
  clear_no: 'キャンセル',
  clearing: '消去しています…',
  cache_cleared: 'キャッシュを消去しました。次の再計算で OpenAI に再び問い合わせます。',

  jobs_heading: '列の処理',
  jobs_intro:
    '列全体を 1 つのタスクで処理し、結果を値として書き込みます。実行時間の上限を越えても分割して続きます。ジョブはこのサイドバーか列の処理ダイアログが開いている間に進みます。最近のジョブ:',
  jobs_open: '列を処理…',
  jobs_opening: 'ダイアログを開いています…',
  jobs_none: '列の処理はまだありません。',
  jobs_loading: 'ジョブを読み込んでいます…',
  jobs_refresh: 'ジョブを更新',
};

const SIDEBAR_TEXT = catalog(en, ja);

export const TEXTS = mergeCatalogs(JOB_TEXT, SIDEBAR_TEXT);
export type TextKey = keyof typeof TEXTS.en;

/** Every string of the page, for a test that checks both languages have the same keys and placeholders. */
export function catalogs(): Catalog<TextKey> {
  return TEXTS;
}
