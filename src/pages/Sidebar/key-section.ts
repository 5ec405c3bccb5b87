// The API key: status, paste + test + save, delete. The raw key only ever sits in the password
// input until the server accepts it; what comes back and is shown is the masked form.
import type { Context } from './context';
import { el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { call, type ModelOption, type Settings } from '../shared/server';

export interface KeySectionHooks {
  /** The key changed (saved or deleted); `models` is what the new key can use, if known. */
  onKeyChanged(models: ModelOption[] | null): void;
}

export function keySection(ctx: Context, settings: Settings, hooks: KeySectionHooks): HTMLElement {
  const { t } = ctx;
  const status = el('p', { id: 'key-status', className: 'key-status' });
  const input = el('input', {
    id: 'key-input',
    attrs: {
      type: 'password',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      placeholder: 'sk-…',
    },
  });
  const save = el('button', { id: 'key-save', className: 'action', text: t('key_save') });
  const remove = el('button', { id: 'key-delete', text: t('key_delete') });
  const message = statusLine('key-message');

  const setStatus = (maskedKey: string | null) => {
    status.textContent = maskedKey ? t('key_status_saved', { masked: maskedKey }) : t('key_status_none');
    status.classList.toggle('gray', !maskedKey);
    remove.hidden = !maskedKey;
  };
  setStatus(settings.hasKey ? settings.maskedKey : null);

  const saveKey = guarded([save, remove], async () => {
    show(message, t('key_testing'));
    try {
      const result = await call('saveApiKey', input.value);
      if (result.ok) {
        input.value = '';
        setStatus(result.maskedKey);
        show(message, result.message, 'success');
        hooks.onKeyChanged(result.models);
      } else {
        // Keep what was typed: the message says what to fix.
        show(message, result.message, 'error');
        input.focus();
      }
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });

  const deleteKey = guarded([save, remove], async () => {
    show(message, t('key_deleting'));
    try {
      await call('deleteApiKey');
      setStatus(null);
      show(message, t('key_deleted'), 'success');
      hooks.onKeyChanged(null);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });

  save.addEventListener('click', () => void saveKey());
  remove.addEventListener('click', () => void deleteKey());
  onEnter(input, () => void saveKey());
  input.addEventListener('input', () => {
    if (message.classList.contains('error')) hide(message);
  });

  return el(
    'section',
    { id: 'key', className: 'block', attrs: { 'aria-labelledby': 'key-heading' } },
    el('h2', { id: 'key-heading', text: t('key_heading') }),
    status,
    el('label', { text: t('key_label'), attrs: { for: 'key-input' } }),
    input,
    el('div', { className: 'buttons' }, save, remove),
    message,
    el('p', { className: 'gray note', text: t('key_note_storage') }),
    el('p', { id: 'key-owner-note', className: 'gray note', text: t('key_note_owner') }),
  );
}
