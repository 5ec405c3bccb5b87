// The personal-data part of the job dialogs: how many rows of the input range hold e-mail addresses,
// phone numbers, My Numbers or card numbers (scanPersonalData, counts only), and what to do with
// them: mask (the default), skip (the row's output says why) or send as they are. Masking needs the
// job to run now: with the Batch API chosen, the choice moves to skip.
import type { Context } from './context';
import { el } from './dom';
import { catalog, translator } from './i18n';
import { call, type PersonalDataRule, type PersonalDataScan } from './server';

const TEXT = catalog(
  {
    title: 'Personal data',
    scanning: 'Looking for personal data in the input rows…',
    none: 'No e-mail addresses, phone numbers, My Numbers or card numbers found in {rows} rows.',
    found: '{flagged} of {rows} rows hold personal data: {kinds}.',
    email: 'e-mail addresses in {n}',
    phone: 'phone numbers in {n}',
    mynumber: 'My Numbers in {n}',
    card: 'card numbers in {n}',
    mask: 'Mask them: send [EMAIL 1], [PHONE 1]… and put the values back into the answers',
    skip: 'Skip those rows (their output cell says why)',
    send: 'Send them as they are',
    mask_batch: 'Masking works when the job runs now; with the Batch API those rows are skipped or sent.',
    left_out: 'Names and postal addresses are not detected.',
    failed: 'Could not look for personal data: {message}',
  },
  {
    title: '個人情報',
    scanning: '入力行に個人情報がないか確認しています…',
    none: '{rows} 行にメールアドレス・電話番号・マイナンバー・カード番号は見つかりませんでした。',
    found: '{rows} 行のうち {flagged} 行に個人情報があります：{kinds}。',
    email: 'メールアドレス {n} 行',
    phone: '電話番号 {n} 行',
    mynumber: 'マイナンバー {n} 行',
    card: 'カード番号 {n} 行',
    mask: 'マスクする：[EMAIL 1]、[PHONE 1]… として送り、回答の中で元の値に戻す',
    skip: 'その行をスキップする（出力セルに理由を書きます）',
    send: 'そのまま送る',
    mask_batch: 'マスクは「今すぐ実行」のときに使えます。Batch API ではスキップするか、そのまま送ります。',
    left_out: '氏名と住所は検出しません。',
    failed: '個人情報を確認できませんでした：{message}',
  },
);

export interface ScannedRange {
  sheet: string;
  inputColumn: string;
  firstRow: number;
  lastRow: number;
}

export interface PersonalDataPanel {
  element: HTMLElement;
  /** Counts the rows of this range again (the latest call wins). */
  scan(range: ScannedRange): void;
  /** What the job should do with rows holding personal data. */
  rule(): PersonalDataRule;
  /** The Batch API cannot mask: mask is disabled and skip chosen while it is. */
  setBatch(batch: boolean): void;
}

export function personalDataPanel(ctx: Pick<Context<string>, 'locale' | 'fmt'>): PersonalDataPanel {
  const t = translator(TEXT, ctx.locale);
  const summary = el('p', { id: 'pd-summary', attrs: { role: 'status', 'aria-live': 'polite' } });
  const radios = new Map<PersonalDataRule, HTMLInputElement>();
  const choice = (rule: PersonalDataRule) => {
    const radio = el('input', {
      id: `pd-${rule}`,
      attrs: { type: 'radio', name: 'personal-data', value: rule },
    });
    radio.checked = rule === 'mask';
    radios.set(rule, radio);
    return el(
      'label',
      { className: 'check', attrs: { for: `pd-${rule}` } },
      radio,
      el('span', { text: t(rule) }),
    );
  };
  const batchNote = el('p', {
    id: 'pd-batch',
    className: 'hint gray note',
    text: t('mask_batch'),
    hidden: true,
  });
  const choices = el(
    'div',
    { id: 'pd-choices', hidden: true },
    choice('mask'),
    choice('skip'),
    choice('send'),
    batchNote,
  );
  const element = el(
    'fieldset',
    { id: 'personal-data', className: 'personal-data' },
    el('legend', { text: t('title') }),
    summary,
    choices,
    el('p', { className: 'hint gray note', text: t('left_out') }),
  );
  let seq = 0;
  const render = (scan: PersonalDataScan) => {
    if (!scan.flagged) {
      summary.textContent = t('none', { rows: ctx.fmt.number(scan.rows) });
      choices.hidden = true;
      return;
    }
    const kinds = (Object.keys(scan.kinds) as Array<keyof PersonalDataScan['kinds']>)
      .filter((k) => scan.kinds[k] > 0)
      .map((k) => t(k, { n: ctx.fmt.number(scan.kinds[k]) }))
      .join(ctx.locale === 'ja' ? '、' : ', ');
    summary.textContent = t('found', {
      flagged: ctx.fmt.number(scan.flagged),
      rows: ctx.fmt.number(scan.rows),
      kinds,
    });
    choices.hidden = false;
  };
  return {
    element,
    scan(range) {
      const mine = ++seq;
      summary.textContent = t('scanning');
      call('scanPersonalData', range).then(
        (scan) => {
          if (mine === seq) render(scan);
        },
        (error: unknown) => {
          if (mine === seq)
            summary.textContent = t('failed', { message: String((error as Error).message ?? error) });
        },
      );
    },
    rule() {
      for (const [rule, radio] of radios) if (radio.checked) return rule;
      return 'mask';
    },
    setBatch(batch) {
      const mask = radios.get('mask') as HTMLInputElement;
      mask.disabled = batch;
      batchNote.hidden = !batch;
      if (batch && mask.checked) (radios.get('skip') as HTMLInputElement).checked = true;
    },
  };
}
