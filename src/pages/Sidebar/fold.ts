// The sidebar's sections as folds: a section's heading becomes the line a reader clicks to open it,
// so the sidebar shows what to do next and keeps the rest one click away (the arrangement is in
// page.ts). A new section is a <section> with an <h2> first; pass it to fold() with when it opens.
import { el } from '../shared/dom';

export interface Fold {
  element: HTMLDetailsElement;
  open(): void;
}

export function fold(section: HTMLElement, open: boolean): Fold {
  const heading = section.querySelector('h2');
  const summary = el('summary', { className: 'fold-summary' }, heading);
  const element = el('details', { id: `${section.id}-fold`, className: 'fold' }, summary, section);
  element.open = open;
  return {
    element,
    open() {
      element.open = true;
    },
  };
}
