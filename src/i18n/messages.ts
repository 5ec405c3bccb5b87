// Every message a person sees, in English and Japanese. Each says what happened and what to do.
// Placeholders in {braces} are filled by format(); values are inserted as plain text.

export type Locale = 'en' | 'ja';

const en = {
  no_key:
    'No OpenAI API key is set. Open Extensions > GPT Functions > Settings and paste your key. (Formulas use the key of the spreadsheet’s owner.)',
  invalid_key:
    'OpenAI rejected the API key (invalid or revoked). Create a new key at platform.openai.com/api-keys and save it in Settings.',
  insufficient_quota:
    'Your OpenAI account has no credit left. Add credit or a payment method at platform.openai.com/settings/organization/billing, then recalculate.',
  rate_limited:
    'OpenAI is limiting how fast this key may send requests. Wait a minute and recalculate; for large ranges use Process a column from the menu.',
  model_not_found:
    'The model "{model}" does not exist or this key cannot use it. Choose another model in Settings or in the formula.',
  org_not_verified:
    'OpenAI lets only verified organizations use the model "{model}". An owner of the OpenAI organization can verify it at platform.openai.com/settings/organization/general (Verify Organization); access can take up to 15 minutes after that. Meanwhile choose another model in Settings or in the formula.',
  permission:
    'This key is not allowed to use that model or endpoint. Check the key’s project permissions at platform.openai.com.',
  budget_reached:
    'The token budget of {scope} is used up ({used} of {budget} tokens, {period}). The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage; otherwise wait for the next period.',
  budget_lowered:
    'The token budget of {scope} was lowered to {budget} tokens ({period}) after {used} had already been used, so formulas stop here. The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage; otherwise wait for the next period.',
  budget_reached_usd:
    'The money budget of {scope} is used up ({used} of {budget}, {period}). The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage; otherwise wait for the next period.',
  budget_lowered_usd:
    'The money budget of {scope} was lowered to {budget} ({period}) after {used} had already been spent, so formulas stop here. The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage.',
  budget_short:
    'This request could use up to {need} tokens, but the token budget of {scope} ({budget} tokens, {period}) has {left} left: {used} used, {reserved} held by formulas running now. The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage; or ask about fewer or shorter texts.',
  budget_short_usd:
    'This request could cost up to {need}, but the money budget of {scope} ({budget}, {period}) has {left} left: {used} spent, {reserved} held by formulas running now. The spreadsheet’s owner can raise it in Extensions > GPT Functions > Settings > Budget and usage; or ask about fewer or shorter texts.',
  budget_needs_price:
    'This spreadsheet has a budget in US dollars, and the model "{model}" has no known price, so the add-on cannot keep to it. Use a model with a known price, or have the spreadsheet\'s owner add its price (US dollars per million tokens: input, cached input, output) with saveSettings({prices: {"{model}": {input, cachedInput, output}}}), as the add-on\'s guide "Models and prices" describes.',
  warning_near_limit: '80 % or more of the budget of {scope} is used.',
  warning_spike: '{scope} used far more on its latest day than usual (over five times the median day).',
  warning_where: 'See Extensions > GPT Functions > Settings > Budget and usage.',
  instructions_too_long:
    'The spreadsheet instructions are too long ({chars} characters; at most {limit}). Shorten them to what the model needs to know.',
  examples_range:
    'Give the examples as a range of two columns: the text, and the answer you expect for it (e.g. D2:E6).',
  example_label:
    'The example answer "{answer}" is not one of the labels ({labels}). Use only the labels in the examples’ answer column.',
  examples_too_long:
    'The examples are too long for every request (about {tokens} tokens; at most {limit}). Use fewer or shorter examples.',
  evaluation_models: 'Choose at most {limit} models to compare.',
  report_tab: 'Evaluation',
  report_title:
    'Evaluation of the task {task} on "{sheet}", column {input} against the expected answers in column {expected}, rows {first}–{last}',
  report_model: 'Model',
  report_rows: 'Rows',
  report_accuracy: 'Accuracy (exact)',
  report_normalized: 'Accuracy (normalized)',
  report_tokens_1000: 'Tokens per 1,000 rows',
  report_usd_1000: 'US$ per 1,000 rows',
  report_seconds: 'Seconds',
  report_failed: 'Failed rows',
  report_price_unknown: 'price unknown',
  report_recommended: 'Recommended (the cheapest within 2 points of the best accuracy):',
  report_none: 'none (no model with a known price)',
  report_label: 'Label',
  report_precision: 'precision',
  report_recall: 'recall',
  report_confusion: 'Confusion, {model}: expected (rows) × answered (columns)',
  report_wrong: 'Rows answered differently from the expected answer (✓: that model was right)',
  report_failed_row: '(failed)',
  report_no_wrong: 'Every model gave every expected answer.',
  report_row: 'Row',
  report_text: 'Text',
  report_expected: 'Expected',
  evaluation_done: 'Evaluation finished. The report is in the tab "{sheet}".',
  examples_overlap:
    'The examples come from the rows being evaluated: a model shown an answer is not tested on it. Take the examples from other rows (or another tab), or evaluate rows below them.',
  examples_range_text:
    'The examples must be a range of this spreadsheet such as D2:E6 (two columns: the text and the answer you expect).',
  menu_evaluate: 'Evaluate a task…',
  evaluate_title: 'Evaluate a task',
  owner_only:
    'Only the spreadsheet’s owner (whose OpenAI key formulas here spend) can change this. Ask them, or use your own spreadsheet.',
  setting_invalid: 'The setting “{name}” is on or off (true or false). Choose one and save again.',
  owner_unknown:
    'Only the spreadsheet’s owner can do this, and the owner is recognized once one GPT formula has run here. Enter a formula such as =GPT("hello") in any cell, then try again.',
  not_in_cell:
    'This is not a formula: it works only from the add-on’s menu and sidebar (Extensions > GPT Functions). Delete it from the cell.',
  settings_invalid:
    'The settings sent could not be read (expected fields such as model, baseUrl or instructions). Reload the sidebar and save again.',
  unexpected_error:
    'The add-on could not do this (an unexpected error, recorded in the execution log). Reload the sidebar or dialog and try again; if it happens again, check what was entered.',
  model_not_allowed:
    'Formulas in this spreadsheet may not choose the model "{model}": they spend the owner’s key. Allowed here: {allowed}. The owner can allow more models in Extensions > GPT Functions > Settings > Model.',
  max_tokens_not_allowed:
    'max_tokens {value} is above what formulas here may ask for ({limit}). Use a smaller value, or ask the spreadsheet’s owner to raise the limit in Settings > Model.',
  input_too_long:
    'This text is too long ({chars} characters; the limit is {limit}). Shorten it or split it over several cells.',
  timeout:
    'The answer did not arrive in time. Recalculate this cell; for large ranges use Process a column from the menu.',
  server: 'OpenAI’s servers had a problem. Recalculate in a minute.',
  network:
    'The OpenAI API could not be reached. Check your connection and the base URL in Settings, then try again.',
  malformed_response: 'The answer could not be read. Recalculate this cell.',
  bad_request: 'OpenAI refused the request: {detail}',
  missing_scope:
    'This API key is restricted: it lacks the permission “{resource}: {level}”. At platform.openai.com/api-keys, edit the key and choose “All”, or under “Restricted” set “{resource}” to “{level}”. Then save the key again in Extensions > GPT Functions > Settings.',
  not_found:
    'The base URL in Settings > Advanced does not answer like the OpenAI API (404 Not Found). Correct it, or leave it empty to use OpenAI.',
  model_retired:
    'OpenAI retired the model "{model}" on {date}, so it no longer answers. Use another model, such as {replacement}, in the formula’s model argument or in Extensions > GPT Functions > Settings > Model.',
  categories_too_many:
    'Too many categories ({count}). One request takes at most {limit} categories, and at most {chars} characters in all when there are more than {large}. Use fewer or shorter categories.',
  admin_key:
    'This is an Admin API key (it starts with sk-admin-): it manages an organization and cannot call models. Create a project API key at platform.openai.com/api-keys (it starts with sk-proj-) and paste that one.',
  key_invisible_removed: 'Invisible characters copied along with the key were removed: {chars}.',
  key_normalized: 'Full-width characters in the key were converted to ordinary ones.',
  key_cannot_list:
    'This key may call models but not list them (its “List models” permission is off), so the model came from the add-on’s own list.',
  key_model: 'Formulas will use {model}.',
  conflict: 'OpenAI reported a conflict. Recalculate in a moment.',
  lock_busy: 'Too many formulas are running at once. Recalculate in a moment.',
  range_too_large:
    'This range has {rows} cells; one formula handles at most {limit}. Use Process a column from the menu for large ranges.',
  unfinished:
    '⚠ Not finished within Google’s time limit. Recalculate, or use Process a column from the menu for large ranges.',
  key_empty: 'Paste an API key first. You can create one at platform.openai.com/api-keys.',
  key_prefix: 'This does not look like an OpenAI API key: keys start with "sk-". Copy the whole key again.',
  key_too_short: 'This key is too short: it may have been cut off when copying. Copy the whole key again.',
  key_characters:
    'This key contains characters an OpenAI key never has ({chars}). Copy the key again from platform.openai.com/api-keys.',
  key_spaces_removed: 'Spaces and line breaks around or inside the key were removed.',
  key_saved: 'Key saved. Formulas in this spreadsheet will use it.',
  base_url_invalid:
    'The base URL must be an https:// address such as https://api.openai.com/v1. Leave it empty to use OpenAI.',
  model_invalid: 'Choose a model name such as gpt-6-luna.',
  invalid_argument: '{name}: {detail}',
  labels_count:
    'Give exactly three labels (positive, neutral, negative in that order), e.g. "good,okay,bad".',
  categories_missing: 'Give at least two categories, as a range or as text like "food,travel,other".',
  argument_required: 'The argument "{name}" is required.',
  number_argument: 'The argument "{name}" must be a number between {min} and {max}.',
  whole_number_argument: 'The argument "{name}" must be a whole number between {min} and {max}.',
  scope_spreadsheet: 'this spreadsheet',
  scope_sheet: 'the tab "{sheet}"',
  period_total: 'in total',
  period_monthly: 'this month',
  period_daily: 'today',
  budget_invalid:
    'The budget must be a whole number of tokens (0 or more) and/or an amount of US dollars (0 or more); the period total, monthly or daily.',
  sheet_not_found: 'There is no tab named "{sheet}".',
  menu_settings: 'Settings: key, model, budget',
  menu_column_job: 'Process a column…',
  menu_refresh_failed: 'Refresh failed cells',
  menu_freeze: 'Replace selected formulas with values',
  menu_help: 'Help',
  sidebar_title: 'GPT Functions',
  column_job_title: 'Process a column',
  help_text:
    'Formulas: =GPT_SENTIMENT(B2:B100), =GPT_CLASSIFY(B2, "a,b,c"), =GPT_EXTRACT(B2, "emails"), =GPT_SUMMARIZE(B2, 20), =GPT_TRANSLATE(B2, "Japanese"), =GPT("prompt", B2). Answers are cached, so recalculating or reopening does not bill again. Large columns: use Process a column. Formulas spend the spreadsheet owner’s key and count against this spreadsheet’s token budget (Settings).',
  refreshed: '{count} formula(s) re-run.',
  frozen: '{count} cell(s) now hold plain values.',
  nothing_selected: 'Select the cells to convert first.',
  job_same_column: 'The output column must differ from the input column.',
  personal_data_batch_mask:
    'Masking personal data works when the job runs now, not with the Batch API. Choose “Run now”, or skip the rows that hold personal data.',
  personal_data_skipped:
    '⚠ Not sent: this row holds personal data ({kinds}). Remove it, or run the job again with masking.',
  personal_kind_email: 'e-mail address',
  personal_kind_phone: 'phone number',
  personal_kind_mynumber: 'My Number',
  personal_kind_card: 'card number',
  preview_no_answers:
    'This spreadsheet has no answers of {model} to compare yet (answers are kept 6 hours after formulas last used them). Recalculate the formulas, then open the preview again.',
  preview_same_model: 'Pick a model other than the one formulas use now ({model}).',
  preview_title: 'Preview a model change',
  job_no_key:
    'You have no OpenAI API key saved. Open Extensions > GPT Functions > Settings and paste your key: column jobs use the key of the person who starts them.',
  job_too_large: 'This job has {rows} rows; one job handles at most {limit}. Split it by row range.',
  job_budget_short:
    'This job may need up to {estimate} tokens but the budget has {remaining} left. Raise the budget, choose fewer rows, or run until the budget is reached.',
  job_overlap:
    'Another job still has rows {first}–{last} to write in column {column} of "{sheet}". Choose other rows, wait for it, or cancel it first.',
  job_not_found: 'This job no longer exists. Start a new one from the menu.',
  job_not_yours:
    'This job was started by someone else: only they can run it. The spreadsheet’s owner can cancel it.',
  job_budget_paused: 'Paused: the token budget is used up. Raise it in Settings, then resume.',
  job_batch_expired:
    'Paused: {rows} rows were not answered within the 24 hours of OpenAI’s Batch API (their batch expired; what finished is written and billed). Resume to send them in a new batch, or cancel the job.',
  job_cancelled: 'Cancelled. Rows already written stay as they are.',
  job_cancelled_by_owner: 'Cancelled by the spreadsheet’s owner. Rows already written stay as they are.',
  job_cancelled_by_editor:
    'Cancelled by another editor after nobody had run it for a week. Rows already written stay as they are.',
  job_done: 'Finished.',
  job_all_rows_deleted: 'Finished: every row of the job was deleted.',
  job_no_room:
    'Column jobs in this spreadsheet keep {used} KB of the {share} KB they may use, and {rows} more rows need up to {need} KB. Choose fewer rows, or wait for a running job to finish.',
  job_no_room_person:
    'Your column jobs in this spreadsheet keep {used} KB of the {share} KB each person may use, and {rows} more rows need up to {need} KB. Choose fewer rows, or wait for one of your jobs to finish (or cancel one).',
  job_limit_person:
    'You already have {count} column jobs running or paused in this spreadsheet, the most one person may have. Wait for one to finish, or cancel one, then start this one.',
  store_full:
    "This spreadsheet's add-on storage (its document properties, 500 KB) is full, so nothing was saved or sent. Cancel column jobs you no longer need, or wait for them to finish, then try again.",
  job_sheet_changed:
    'Rows of "{sheet}" were inserted, deleted or sorted while the job was being set up, so it did not start. Start it again.',
  job_output_deleted:
    'Stopped: the output column was deleted, so the job wrote nothing more anywhere. Start a new job with another output column.',
  job_input_deleted: 'Stopped: the input column was deleted. Start a new job on the column you want.',
  job_sheet_deleted: 'Stopped: the tab "{sheet}" was deleted. Rows already written are gone with it.',
  job_unmarked_rows_changed:
    'Stopped: rows were inserted or deleted among rows {first}–{last} before the job had marked them, so it cannot tell its own rows from new ones. Rows already answered stay; start a new job for the rest.',
  job_rows_lost:
    'Stopped: the rows just above and below the job were moved or deleted, so it can no longer tell which rows are its own. Rows already answered stay; start a new job for the rest.',
  job_columns_moved:
    'Stopped: the headers of the job’s columns changed (columns were inserted, deleted or moved), so it wrote nothing more. Start a new job on the columns as they are now.',
  job_too_many_failures:
    'Paused: the answers for {count} different texts failed, the most a job keeps track of. See the reasons below, fix the inputs, then resume with “Retry failed rows”.',
  job_note_inserted:
    '{rows} row(s) inserted inside the job’s range joined it and are answered like the others.',
  job_note_deleted: '{rows} of the job’s rows were deleted and dropped from it.',
  job_note_edited:
    '{rows} text(s) changed or moved while they were being answered; their rows were answered from the text they hold now.',
  job_note_moved: 'Rows or columns were inserted or deleted around the job; it followed its cells.',
  job_note_renamed: 'The tab was renamed to "{sheet}"; the job followed it.',
  job_paused_urlfetch:
    'Paused: Google’s daily quota of URL Fetch calls for this account ({limit} a day) is nearly used up. It refills around {at}; resume the job then.',
  job_paused_properties:
    'Paused: Google’s daily quota of property reads and writes for this account ({limit} a day) is nearly used up. It refills around {at}; resume the job then.',
  job_background_waits:
    'Background runs wait until about {at}: Google’s daily trigger runtime for this account ({minutes} minutes) is used up. Keep the sidebar open to go on now.',
  urlfetch_quota:
    'Google’s daily quota of URL Fetch calls for this Google account is used up, so nothing was sent to OpenAI. It refills within 24 hours of the day’s first call; try again then.',
  properties_quota:
    'Google’s daily quota of property reads and writes for this Google account is used up. It refills within 24 hours of the day’s first use; try again then.',
} as const;

export type MessageKey = keyof typeof en;

const ja: Record<MessageKey, string> = {
  no_key:
    'OpenAI の API キーが設定されていません。拡張機能 > GPT Functions > 設定 を開き、キーを貼り付けてください。（数式はスプレッドシートのオーナーのキーを使います。）',
  invalid_key:
    'OpenAI が API キーを受け付けませんでした（無効または取り消し済み）。platform.openai.com/api-keys で新しいキーを作成し、設定で保存してください。',
  insufficient_quota:
    'OpenAI アカウントのクレジットが残っていません。platform.openai.com/settings/organization/billing でクレジットか支払い方法を追加してから再計算してください。',
  rate_limited:
    'OpenAI がこのキーのリクエスト速度を制限しています。1 分ほど待って再計算してください。大きな範囲はメニューの「列を処理」を使ってください。',
  model_not_found:
    'モデル「{model}」は存在しないか、このキーでは使えません。設定または数式で別のモデルを選んでください。',
  org_not_verified:
    'モデル「{model}」は、OpenAI で認証（Verify Organization）を済ませた組織しか使えません。OpenAI の組織のオーナーが platform.openai.com/settings/organization/general で認証できます（反映まで最大 15 分）。それまでは設定または数式で別のモデルを選んでください。',
  permission:
    'このキーにはそのモデルまたはエンドポイントの使用権限がありません。platform.openai.com でキーのプロジェクト権限を確認してください。',
  budget_reached:
    '{scope}のトークン予算を使い切りました（{period} {used} / {budget} トークン）。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。または次の期間までお待ちください。',
  budget_lowered:
    '{scope}のトークン予算が、すでに {used} トークン使われた後で {budget} トークン（{period}）に下げられたため、ここで止まりました。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。または次の期間までお待ちください。',
  budget_reached_usd:
    '{scope}の金額の予算を使い切りました（{period} {used} / {budget}）。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。または次の期間までお待ちください。',
  budget_lowered_usd:
    '{scope}の金額の予算が、すでに {used} 使われた後で {budget}（{period}）に下げられたため、ここで止まりました。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。',
  budget_short:
    'このリクエストは最大 {need} トークンを使う可能性がありますが、{scope}のトークン予算（{period} {budget} トークン）の残りは {left} トークンです（使用済み {used}、実行中の数式が確保中 {reserved}）。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。または対象のテキストを減らすか短くしてください。',
  budget_short_usd:
    'このリクエストは最大 {need} かかる可能性がありますが、{scope}の金額の予算（{period} {budget}）の残りは {left} です（使用済み {used}、実行中の数式が確保中 {reserved}）。スプレッドシートのオーナーが 拡張機能 > GPT Functions > 設定 > 予算と使用量 で上限を上げられます。または対象のテキストを減らすか短くしてください。',
  budget_needs_price:
    'このスプレッドシートには米ドルの予算があり、モデル「{model}」の料金が不明なため予算を守れません。料金がわかっているモデルを使うか、スプレッドシートのオーナーが saveSettings({prices: {"{model}": {input, cachedInput, output}}}) でそのモデルの料金（100 万トークンあたりの米ドル: 入力、キャッシュ入力、出力）を追加してください（ガイド「Models and prices」参照）。',
  warning_near_limit: '{scope}の予算の 80 % 以上を使いました。',
  warning_spike: '{scope}の直近の日の使用量が、いつもよりはるかに多くなっています（中央値の 5 倍超）。',
  warning_where: '拡張機能 > GPT Functions > 設定 > 予算と使用量 をご覧ください。',
  instructions_too_long:
    'スプレッドシートの指示が長すぎます（{chars} 文字、上限は {limit} 文字）。モデルに必要なことだけに短くしてください。',
  examples_range: '例は 2 列の範囲（テキストと、それに期待する回答）で指定してください（例: D2:E6）。',
  example_label:
    '例の回答「{answer}」はラベル（{labels}）のどれでもありません。例の回答の列にはラベルだけを使ってください。',
  examples_too_long:
    '例が長すぎて毎回のリクエストに含められません（約 {tokens} トークン、上限 {limit}）。例を減らすか短くしてください。',
  evaluation_models: '比べるモデルは {limit} 個までにしてください。',
  report_tab: '評価',
  report_title:
    'タスク {task} の評価: 「{sheet}」の {input} 列を {expected} 列の期待する回答と比較、{first}～{last} 行',
  report_model: 'モデル',
  report_rows: '行数',
  report_accuracy: '正解率（完全一致）',
  report_normalized: '正解率（正規化後）',
  report_tokens_1000: '1,000 行あたりのトークン',
  report_usd_1000: '1,000 行あたりの米ドル',
  report_seconds: '秒',
  report_failed: '失敗した行',
  report_price_unknown: '料金不明',
  report_recommended: 'おすすめ（最高の正解率から 2 ポイント以内で最も安いモデル）:',
  report_none: 'なし（料金がわかるモデルがありません）',
  report_label: 'ラベル',
  report_precision: '適合率',
  report_recall: '再現率',
  report_confusion: '混同行列、{model}: 期待（行）× 回答（列）',
  report_wrong: '期待と異なる回答の行（✓: そのモデルは正解）',
  report_failed_row: '（失敗）',
  report_no_wrong: 'すべてのモデルが、すべての期待する回答を返しました。',
  report_row: '行',
  report_text: 'テキスト',
  report_expected: '期待',
  evaluation_done: '評価が終わりました。レポートはシート「{sheet}」にあります。',
  examples_overlap:
    '例が評価する行の中にあります。答えを見せた行ではモデルを試せません。例は別の行（または別のタブ）から選ぶか、例より下の行を評価してください。',
  examples_range_text:
    '例は D2:E6 のような、このスプレッドシートの範囲で指定してください（2 列: テキストと、期待する回答）。',
  menu_evaluate: 'タスクを評価…',
  evaluate_title: 'タスクを評価',
  owner_only:
    'これを変更できるのは、スプレッドシートのオーナー（数式が使う OpenAI キーの持ち主）だけです。オーナーに依頼するか、ご自身のスプレッドシートをお使いください。',
  setting_invalid:
    '設定「{name}」はオンかオフ（true または false）です。どちらかを選んで保存し直してください。',
  owner_unknown:
    'これを行えるのはスプレッドシートのオーナーだけで、オーナーはここで GPT の数式が一度実行されると認識されます。任意のセルに =GPT("hello") などの数式を入力してから、もう一度お試しください。',
  not_in_cell:
    'これは数式ではありません。アドオンのメニューとサイドバー（拡張機能 > GPT Functions）からのみ使えます。セルから削除してください。',
  settings_invalid:
    '送られた設定を読み取れませんでした（model、baseUrl、instructions などの項目が必要です）。サイドバーを開き直して、もう一度保存してください。',
  unexpected_error:
    'アドオンはこの操作を完了できませんでした（予期しないエラー。実行ログに記録しました）。サイドバーまたはダイアログを開き直して、もう一度お試しください。繰り返す場合は入力内容を確認してください。',
  model_not_allowed:
    'このスプレッドシートの数式ではモデル「{model}」を選べません（数式はオーナーのキーを使います）。使えるモデル: {allowed}。オーナーは 拡張機能 > GPT Functions > 設定 > モデル で使えるモデルを増やせます。',
  max_tokens_not_allowed:
    'max_tokens {value} は、このスプレッドシートの数式で指定できる上限（{limit}）を超えています。小さい値にするか、設定 > モデル で上限を上げるようオーナーに依頼してください。',
  input_too_long:
    'テキストが長すぎます（{chars} 文字、上限は {limit} 文字）。短くするか、複数のセルに分けてください。',
  timeout:
    '時間内に回答が届きませんでした。このセルを再計算してください。大きな範囲はメニューの「列を処理」を使ってください。',
  server: 'OpenAI のサーバーで問題が発生しました。1 分ほどしてから再計算してください。',
  network:
    'OpenAI API に接続できませんでした。接続と設定のベース URL を確認してから、もう一度お試しください。',
  malformed_response: '回答を読み取れませんでした。このセルを再計算してください。',
  // OpenAI's own detail is English: it is not shown in a Japanese cell.
  bad_request: 'OpenAI がリクエストを拒否しました（コード: {code}）。数式の引数とモデルを確認してください。',
  missing_scope:
    'この API キーは制限付きで、「{resource}: {level}」の権限がありません。platform.openai.com/api-keys でキーを編集し、「All」を選ぶか、「Restricted」で「{resource}」を「{level}」にしてください。その後、拡張機能 > GPT Functions > 設定 でキーを保存し直してください。',
  not_found:
    '設定 > 詳細 のベース URL が OpenAI API として応答しません（404 Not Found）。正しい URL にするか、空欄にして OpenAI を使ってください。',
  model_retired:
    'OpenAI はモデル「{model}」を {date} に提供終了したため、もう応答しません。数式のモデル引数か、拡張機能 > GPT Functions > 設定 > モデル で、{replacement} などの別のモデルを選んでください。',
  categories_too_many:
    'カテゴリが多すぎます（{count} 個）。1 回のリクエストで使えるカテゴリは {limit} 個まで、{large} 個を超える場合は合計 {chars} 文字までです。カテゴリを減らすか短くしてください。',
  admin_key:
    'これは管理者用 API キー（sk-admin- で始まるキー）です。組織の管理用で、モデルを呼び出せません。platform.openai.com/api-keys でプロジェクト API キー（sk-proj- で始まるキー）を作成し、そちらを貼り付けてください。',
  key_invisible_removed: 'キーと一緒にコピーされた見えない文字を取り除きました: {chars}。',
  key_normalized: 'キーに含まれていた全角文字を半角に変換しました。',
  key_cannot_list:
    'このキーはモデルを呼び出せますが一覧を取得できません（「List models」の権限がオフ）。そのため、モデルはアドイン内蔵の一覧から選びました。',
  key_model: '数式は {model} を使います。',
  conflict: 'OpenAI で競合が発生しました。少し待ってから再計算してください。',
  lock_busy: '同時に実行中の数式が多すぎます。少し待ってから再計算してください。',
  range_too_large:
    'この範囲には {rows} 個のセルがあります。1 つの数式で扱えるのは {limit} 個までです。大きな範囲はメニューの「列を処理」を使ってください。',
  unfinished:
    '⚠ Google の時間制限内に終わりませんでした。再計算するか、大きな範囲はメニューの「列を処理」を使ってください。',
  key_empty: 'まず API キーを貼り付けてください。キーは platform.openai.com/api-keys で作成できます。',
  key_prefix:
    'OpenAI の API キーではないようです。キーは「sk-」で始まります。キー全体をもう一度コピーしてください。',
  key_too_short:
    'キーが短すぎます。コピーの際に途切れた可能性があります。キー全体をもう一度コピーしてください。',
  key_characters:
    'キーに OpenAI のキーには含まれない文字（{chars}）が入っています。platform.openai.com/api-keys からもう一度コピーしてください。',
  key_spaces_removed: 'キーの前後や途中にあった空白・改行を取り除きました。',
  key_saved: 'キーを保存しました。このスプレッドシートの数式で使われます。',
  base_url_invalid:
    'ベース URL は https://api.openai.com/v1 のような https:// のアドレスにしてください。空欄にすると OpenAI を使います。',
  model_invalid: 'gpt-6-luna のようなモデル名を選んでください。',
  invalid_argument: '{name}: {detail}',
  labels_count:
    'ラベルはちょうど 3 つ（ポジティブ・中立・ネガティブの順）で指定してください。例: "良い,普通,悪い"',
  categories_missing: 'カテゴリを 2 つ以上、範囲または "食品,旅行,その他" のような文字列で指定してください。',
  argument_required: '引数「{name}」は必須です。',
  number_argument: '引数「{name}」は {min} から {max} までの数値にしてください。',
  whole_number_argument: '引数「{name}」は {min} から {max} までの整数にしてください。',
  scope_spreadsheet: 'このスプレッドシート',
  scope_sheet: 'シート「{sheet}」',
  period_total: '累計',
  period_monthly: '今月',
  period_daily: '今日',
  budget_invalid:
    '予算は 0 以上の整数のトークン数または 0 以上の米ドル金額、期間は total・monthly・daily のいずれかにしてください。',
  sheet_not_found: '「{sheet}」という名前のシートはありません。',
  menu_settings: '設定（キー・モデル・予算）',
  menu_column_job: '列を処理…',
  menu_refresh_failed: '失敗したセルを再実行',
  menu_freeze: '選択した数式を値に置き換え',
  menu_help: 'ヘルプ',
  sidebar_title: 'GPT Functions',
  column_job_title: '列を処理',
  help_text:
    '数式: =GPT_SENTIMENT(B2:B100)、=GPT_CLASSIFY(B2, "a,b,c")、=GPT_EXTRACT(B2, "メールアドレス")、=GPT_SUMMARIZE(B2, 20)、=GPT_TRANSLATE(B2, "英語")、=GPT("指示", B2)。回答はキャッシュされるため、再計算や再読み込みで再び課金されることはありません。大きな列は「列を処理」を使ってください。数式はスプレッドシートのオーナーのキーを使い、このスプレッドシートのトークン予算（設定）から差し引かれます。',
  refreshed: '{count} 個の数式を再実行しました。',
  frozen: '{count} 個のセルを値に置き換えました。',
  nothing_selected: '先に変換するセルを選択してください。',
  job_same_column: '出力列は入力列と別の列にしてください。',
  personal_data_batch_mask:
    '個人情報のマスキングは「今すぐ実行」のときに使えます（Batch API では使えません）。「今すぐ実行」を選ぶか、個人情報を含む行をスキップしてください。',
  personal_data_skipped:
    '⚠ 未送信：この行には個人情報（{kinds}）が含まれています。削除するか、マスキングを選んでジョブをもう一度実行してください。',
  personal_kind_email: 'メールアドレス',
  personal_kind_phone: '電話番号',
  personal_kind_mynumber: 'マイナンバー',
  personal_kind_card: 'カード番号',
  preview_no_answers:
    'このスプレッドシートには、比較できる {model} の回答がまだありません（回答は数式が最後に使ってから 6 時間保存されます）。数式を再計算してから、もう一度プレビューを開いてください。',
  preview_same_model: '数式がいま使っているモデル（{model}）以外を選んでください。',
  preview_title: 'モデル変更のプレビュー',
  job_no_key:
    'あなたの OpenAI API キーが保存されていません。拡張機能 > GPT Functions > 設定 を開き、キーを貼り付けてください。列の処理は開始した人のキーを使います。',
  job_too_large:
    'このジョブは {rows} 行あります。1 つのジョブで扱えるのは {limit} 行までです。行の範囲を分けてください。',
  job_budget_short:
    'このジョブには最大 {estimate} トークンが必要ですが、予算の残りは {remaining} トークンです。予算を増やすか、行を減らすか、予算に達するまで実行を選んでください。',
  job_overlap:
    '別のジョブが「{sheet}」の {column} 列の {first}～{last} 行目にまだ書き込む予定です。別の行を選ぶか、終わるまで待つか、先にキャンセルしてください。',
  job_not_found: 'このジョブはもう存在しません。メニューから新しいジョブを開始してください。',
  job_not_yours:
    'このジョブは別のユーザーが開始したものです。実行できるのはそのユーザーだけです。スプレッドシートのオーナーはキャンセルできます。',
  job_budget_paused:
    'トークン予算を使い切ったため一時停止しました。設定で予算を増やしてから再開してください。',
  job_batch_expired:
    '一時停止しました：OpenAI の Batch API の 24 時間以内に {rows} 行が回答されませんでした（バッチが期限切れになりました。完了した分は書き込み済みで、その分だけ課金されます）。再開すると新しいバッチで送り直します。不要ならジョブをキャンセルしてください。',
  job_cancelled: 'キャンセルしました。書き込み済みの行はそのまま残ります。',
  job_cancelled_by_owner:
    'スプレッドシートのオーナーがキャンセルしました。書き込み済みの行はそのまま残ります。',
  job_cancelled_by_editor:
    '1 週間だれも実行しなかったため、別の編集者がキャンセルしました。書き込み済みの行はそのまま残ります。',
  job_done: '完了しました。',
  job_all_rows_deleted: '完了しました：ジョブの行はすべて削除されました。',
  job_no_room:
    'このスプレッドシートの列ジョブは、使える {share} KB のうち {used} KB を使っています。あと {rows} 行には最大 {need} KB が必要です。行を減らすか、実行中のジョブが終わるまで待ってください。',
  job_no_room_person:
    'このスプレッドシートであなたの列ジョブは、1 人あたり使える {share} KB のうち {used} KB を使っています。あと {rows} 行には最大 {need} KB が必要です。行を減らすか、あなたのジョブが終わるまで待ってください（キャンセルもできます）。',
  job_limit_person:
    'このスプレッドシートでは、実行中または一時停止中の列ジョブがすでに {count} 件あり、1 人あたりの上限です。どれかが終わるまで待つかキャンセルしてから、このジョブを開始してください。',
  store_full:
    'このスプレッドシートのアドオン用の保存領域（ドキュメントのプロパティ、500 KB）がいっぱいのため、何も保存・送信しませんでした。不要な列ジョブをキャンセルするか、終わるまで待ってから、もう一度お試しください。',
  job_sheet_changed:
    'ジョブの準備中に「{sheet}」の行が挿入・削除・並べ替えされたため、開始しませんでした。もう一度開始してください。',
  job_output_deleted:
    '停止しました：出力列が削除されたため、ジョブはこれ以上どこにも書き込みません。別の出力列で新しいジョブを開始してください。',
  job_input_deleted: '停止しました：入力列が削除されました。処理したい列で新しいジョブを開始してください。',
  job_sheet_deleted:
    '停止しました：シート「{sheet}」が削除されました。書き込み済みの行もシートとともに削除されています。',
  job_unmarked_rows_changed:
    '停止しました：ジョブが目印を付け終える前に {first}～{last} 行目で行が挿入または削除されたため、ジョブの行と新しい行を区別できません。回答済みの行はそのまま残ります。残りの行で新しいジョブを開始してください。',
  job_rows_lost:
    '停止しました：ジョブのすぐ上と下の行が移動または削除されたため、どの行がジョブの行か判断できなくなりました。回答済みの行はそのまま残ります。残りの行で新しいジョブを開始してください。',
  job_columns_moved:
    '停止しました：ジョブの列の見出しが変わりました（列の挿入・削除・移動）。これ以上は書き込んでいません。現在の列で新しいジョブを開始してください。',
  job_too_many_failures:
    '一時停止しました：{count} 種類のテキストで回答に失敗しました。ジョブが記録できる上限です。下の理由を確認して入力を直し、「失敗した行を再試行」で再開してください。',
  job_note_inserted: 'ジョブの範囲内に挿入された {rows} 行もジョブに加わり、ほかの行と同じく回答されます。',
  job_note_deleted: 'ジョブの行のうち {rows} 行が削除されたため、ジョブから外しました。',
  job_note_edited:
    '回答中に {rows} 件のテキストが変更または移動されました。その行には現在のテキストへの回答を書き込みました。',
  job_note_moved: 'ジョブの周りで行や列が挿入・削除されましたが、ジョブはセルを追跡しました。',
  job_note_renamed: 'シートの名前が「{sheet}」に変わりましたが、ジョブは追跡しました。',
  job_paused_urlfetch:
    '一時停止しました：このアカウントの Google の URL Fetch 呼び出しの 1 日の上限（1 日 {limit} 回）にほぼ達しました。{at} ごろに回復するので、その後で再開してください。',
  job_paused_properties:
    '一時停止しました：このアカウントの Google のプロパティ読み書きの 1 日の上限（1 日 {limit} 回）にほぼ達しました。{at} ごろに回復するので、その後で再開してください。',
  job_background_waits:
    'このアカウントの Google のトリガー実行時間の 1 日の上限（{minutes} 分）に達したため、バックグラウンドでの実行は {at} ごろまで待ちます。すぐに進めるにはサイドバーを開いたままにしてください。',
  urlfetch_quota:
    'この Google アカウントの URL Fetch 呼び出しの 1 日の上限に達したため、OpenAI には何も送信していません。その日の最初の呼び出しから 24 時間以内に回復します。その後でもう一度お試しください。',
  properties_quota:
    'この Google アカウントのプロパティ読み書きの 1 日の上限に達しました。その日の最初の利用から 24 時間以内に回復します。その後でもう一度お試しください。',
};

const CATALOG: Record<Locale, Record<MessageKey, string>> = { en, ja };

/** A message inside another's placeholder, rendered in the same language. */
export interface MessageRef {
  key: MessageKey;
  params?: Record<string, string | number | Money>;
}

/** An amount of US dollars, shown as "$1.23" (four decimals under a dollar). */
export interface Money {
  usd: number;
}

export type MessageParams = Record<string, string | number | MessageRef | Money>;

export function resolveLocale(tag: string | null | undefined): Locale {
  return /^ja\b|^ja[_-]/i.test(tag ?? '') ? 'ja' : 'en';
}

/** 3730 -> "3,730" (English and Japanese both group thousands with commas). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export function formatUsd(usd: number): string {
  const digits = Math.abs(usd) < 1 && usd !== 0 ? 4 : 2;
  const fixed = Math.abs(usd).toFixed(digits);
  const [whole, fraction] = fixed.split('.');
  return `${usd < 0 ? '-' : ''}$${formatNumber(Number(whole))}.${fraction}`;
}

function isMoney(value: object): value is Money {
  return 'usd' in value && typeof (value as Money).usd === 'number';
}

export function format(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return CATALOG[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return formatNumber(value);
    // A param that arrived as null (an unknown price read back from a stored record) shows as its placeholder.
    if (value === null) return whole;
    if (typeof value === 'object')
      return isMoney(value) ? formatUsd(value.usd) : format(locale, value.key, value.params);
    return String(value);
  });
}

export function catalog(locale: Locale): Readonly<Record<MessageKey, string>> {
  return CATALOG[locale];
}

/** An error whose message is one of the catalog's, rendered in the reader's language at the edge. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key);
  }
  render(locale: Locale): string {
    return format(locale, this.key, this.params);
  }
}
