// Building a page: elements are created one by one and text goes in through text nodes only,
// so nothing the server, a sheet name or a model answer contains is ever parsed as HTML.

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  id?: string;
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  hidden?: boolean;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.id) node.id = options.id;
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  if (options.hidden) node.hidden = true;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export type Tone = 'info' | 'success' | 'error';

/** A status line under a control: polite live region, hidden when empty. */
export function statusLine(id: string): HTMLParagraphElement {
  return el('p', { id, className: 'status', attrs: { role: 'status', 'aria-live': 'polite' }, hidden: true });
}

export function show(line: HTMLElement, text: string, tone: Tone = 'info'): void {
  line.textContent = text;
  line.classList.remove('error', 'success', 'gray');
  line.classList.add('status', tone === 'error' ? 'error' : tone === 'success' ? 'success' : 'gray');
  line.hidden = text === '';
}

export function hide(line: HTMLElement): void {
  show(line, '');
}

type Control = HTMLButtonElement | HTMLSelectElement | HTMLInputElement;

/**
 * Runs `work` with the given controls disabled, and refuses to start it again while it runs,
 * so a double click cannot send the same call twice.
 */
export function guarded<A extends unknown[]>(
  controls: Control[],
  work: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  let running = false;
  return async (...args: A) => {
    if (running) return;
    running = true;
    const before = controls.map((c) => c.disabled);
    for (const c of controls) c.disabled = true;
    try {
      await work(...args);
    } finally {
      controls.forEach((c, i) => (c.disabled = before[i]));
      running = false;
    }
  };
}

export function onEnter(input: HTMLInputElement, action: () => void): void {
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      action();
    }
  });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
