// The shared style sheets travel inside the page's script (the build inlines only each page's own
// style.css) and go in front of that style.css, so a page's own rules win over the base.
import base from './base.css' with { type: 'text' };
import jobs from './jobs.css' with { type: 'text' };

export function installSharedStyles(): void {
  if (document.getElementById('shared-style')) return;
  const style = document.createElement('style');
  style.id = 'shared-style';
  style.textContent = `${base}\n${jobs}`;
  document.head.insertBefore(style, document.head.firstChild);
}
