// The add-on's globals: every export becomes a top-level function in dist/Code.js, with the
// JSDoc written here (Sheets reads it for autocomplete). Nothing else belongs in this file.
import { setBudget as setBudgetIn, usageReport, type UsageReport } from './budget/usage';
import { gptClassify, gptSentiment } from './functions/labelled';
import { gpt, gptExtract, gptSummarize, gptTranslate } from './functions/text';
import { appsScriptClock, urlFetchHttp } from './platform/apps-script';
import { documentLock, documentStore, formulaEnv, tabNames, userLocale, userStore } from './platform/env';
import { deleteApiKey as deleteKey, saveApiKey as saveKey, type SaveKeyResult } from './settings/key-setup';
import { publicSettings, saveSettings as saveUserSettings, type PublicSettings } from './settings/settings';
import { serverCall } from './ui/server-call';

/**
 * Asks the model: answers `prompt`, or applies it to each value when `value` is given.
 * Example: =GPT("Write a one-line product description for", A2)
 *
 * @param {string} prompt The instruction or question.
 * @param {string|Array<Array<string>>} value Optional. A cell or range the instruction applies to.
 * @param {string} model Optional. A model such as "gpt-4.1-nano" (default from Settings).
 * @param {number} temperature Optional. 0 (repeatable, the default) to 2 (varied); ignored by reasoning models.
 * @param {number} max_tokens Optional. Longest answer per cell, in tokens.
 * @return The answer, or one answer per cell of the range.
 * @customfunction
 */
export function GPT(
  prompt: unknown,
  value?: unknown,
  model?: unknown,
  temperature?: unknown,
  max_tokens?: unknown,
) {
  return gpt(formulaEnv(), prompt, value, model, temperature, max_tokens);
}

/**
 * Classifies sentiment as positive, neutral or negative (or your three labels, in that order).
 * Example: =GPT_SENTIMENT(B2:B100) or =GPT_SENTIMENT(B2, "良い,普通,悪い")
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts, in any language.
 * @param {string|Array<Array<string>>} labels Optional. Three labels for positive, neutral and negative, as "a,b,c" or a range.
 * @return One label per cell; blank cells stay blank.
 * @customfunction
 */
export function GPT_SENTIMENT(text: unknown, labels?: unknown) {
  return gptSentiment(formulaEnv(), text, labels);
}

/**
 * Puts each text into exactly one of your categories.
 * Example: =GPT_CLASSIFY(B2:B100, "billing,shipping,product,other")
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string|Array<Array<string>>} categories The categories, as "a,b,c" or a range.
 * @return One category per cell; blank cells stay blank.
 * @customfunction
 */
export function GPT_CLASSIFY(text: unknown, categories: unknown) {
  return gptClassify(formulaEnv(), text, categories);
}

/**
 * Extracts what you ask for from each text, comma-separated; blank when there is none.
 * Example: =GPT_EXTRACT(B2, "email addresses")
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string} what What to extract, such as "company names" or "order numbers".
 * @return The matches, comma-separated, per cell.
 * @customfunction
 */
export function GPT_EXTRACT(text: unknown, what: unknown) {
  return gptExtract(formulaEnv(), text, what);
}

/**
 * Summarizes each text in its own language.
 * Example: =GPT_SUMMARIZE(B2, 20)
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {number} max_words Optional. Longest summary in words (default 30).
 * @return One summary per cell.
 * @customfunction
 */
export function GPT_SUMMARIZE(text: unknown, max_words?: unknown) {
  return gptSummarize(formulaEnv(), text, max_words);
}

/**
 * Translates each text.
 * Example: =GPT_TRANSLATE(B2, "Japanese") or =GPT_TRANSLATE(B2:B50, "English", "Japanese")
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string} target_language The language to translate into, such as "Japanese" or "日本語".
 * @param {string} source_language Optional. The language of the text (detected when omitted).
 * @return One translation per cell.
 * @customfunction
 */
export function GPT_TRANSLATE(text: unknown, target_language: unknown, source_language?: unknown) {
  return gptTranslate(formulaEnv(), text, target_language, source_language);
}

/** Checks, tests and stores the caller's API key; returns only its masked form. */
export function saveApiKey(key: unknown): SaveKeyResult {
  return saveKey(key, {
    store: userStore(),
    http: urlFetchHttp,
    clock: appsScriptClock,
    locale: userLocale(),
  });
}

/** Removes the caller's API key. */
export function deleteApiKey(): { ok: true } {
  return deleteKey(userStore());
}

/** The caller's settings; reports whether a key is set and its masked form, never the key. */
export function getSettings(): PublicSettings {
  return publicSettings(userStore());
}

/** Changes some of the caller's settings (model, baseUrl, prices). */
export function saveSettings(partial: unknown): PublicSettings {
  return serverCall(() => {
    const store = userStore();
    saveUserSettings(store, partial);
    return publicSettings(store);
  });
}

/** Budget, tokens used and remaining, and estimated cost, for the spreadsheet and each tab. */
export function getUsage(): UsageReport {
  return usageReport(documentStore().getAll(), appsScriptClock.now(), tabNames());
}

/** Sets the budget of the spreadsheet, or of one tab when `sheet` is given ({tokens, sheet?, period?}). */
export function setBudget(budget: unknown): UsageReport {
  return serverCall(() =>
    setBudgetIn(documentStore(), documentLock(), budget, tabNames(), appsScriptClock.now()),
  );
}
