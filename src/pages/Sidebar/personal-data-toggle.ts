// The owner's switch for masking personal data in formulas (engine/personal-data.ts). Formulas read
// the owner's settings; an editor sees the state, greyed out.
import { el, errorText, guarded, show, statusLine } from '../shared/dom';
import { catalog, translator, type Locale } from '../shared/i18n';
import { call, type Settings } from '../shared/server';

const TEXT = catalog(
  {
    label: 'Mask personal data in formulas',
    hint: 'E-mail addresses, phone numbers, My Numbers and card numbers are sent as [EMAIL 1], [PHONE 1]… and put back into the answers. Names and postal addresses are not detected.',
    on: 'Formulas mask personal data from now on.',
    off: 'Formulas send texts as they are.',
  },
  {
    label: '数式で個人情報をマスクする',
    hint: 'メールアドレス・電話番号・マイナンバー・カード番号を [EMAIL 1]、[PHONE 1]… として送り、回答の中で元に戻します。氏名と住所は検出しません。',
    on: '今後、数式は個人情報をマスクします。',
    off: '数式はテキストをそのまま送ります。',
  },
);

export function personalDataToggle(locale: Locale, settings: Settings): HTMLElement {
  const t = translator(TEXT, locale);
  const box = el('input', { id: 'mask-formulas', attrs: { type: 'checkbox' } });
  box.checked = settings.maskPersonalData;
  box.disabled = settings.role === 'editor';
  const message = statusLine('mask-message');
  const save = guarded([box], async () => {
    const wanted = box.checked;
    try {
      const saved = await call('saveSettings', { maskPersonalData: wanted });
      box.checked = saved.maskPersonalData;
      show(message, t(saved.maskPersonalData ? 'on' : 'off'), 'success');
    } catch (error) {
      box.checked = !wanted;
      show(message, errorText(error), 'error');
    }
  });
  box.addEventListener('change', () => void save());
  return el(
    'div',
    { id: 'mask-formulas-box' },
    el(
      'label',
      { className: 'check', attrs: { for: 'mask-formulas' } },
      box,
      el('span', { text: t('label') }),
    ),
    el('p', { className: 'gray note', text: t('hint') }),
    message,
  );
}
