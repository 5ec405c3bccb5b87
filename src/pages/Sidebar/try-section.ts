// "Try it": one prompt through the same path as a formula; the answer is shown as text.
import type { Context } from './context';
import { el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { call } from '../shared/server';

export function trySection(ctx: Context, onAnswered: () => void): HTMLElement {
  const { t } = ctx;
  const input = el('input', {
    id: 'try-input',
    attrs: { type: 'text', autocomplete: 'off', placeholder: t('try_placeholder') },
  });
  const send = el('button', { id: 'try-send', className: 'action', text: t('try_send') });
  const message = statusLine('try-message');
  const answer = el('div', { id: 'try-answer', className: 'answer', hidden: true });

  const ask = guarded([send], async () => {
    const text = input.value.trim();
    if (!text) {
      show(message, t('try_empty'), 'error');
      return;
    }
    show(message, t('try_waiting'));
    answer.hidden = true;
    try {
      const result = await call('tryPrompt', text);
      hide(message);
      answer.textContent = String(result.answer);
      answer.hidden = false;
      onAnswered();
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  send.addEventListener('click', () => void ask());
  onEnter(input, () => void ask());

  return el(
    'section',
    { id: 'try', className: 'block', attrs: { 'aria-labelledby': 'try-heading' } },
    el('h2', { id: 'try-heading', text: t('try_heading') }),
    el('label', { text: t('try_label'), attrs: { for: 'try-input' } }),
    el('div', { className: 'inline' }, input, send),
    message,
    answer,
    el('p', { className: 'gray note', text: t('try_note') }),
  );
}
