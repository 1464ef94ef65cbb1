// Building the page from typed pieces. Every value goes into the page as text
// (a Text node or an attribute), never as HTML.

export type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

function append(parent: Element | DocumentFragment, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.setAttribute('class', String(value));
    else element.setAttribute(key, value === true ? '' : String(value));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement;
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

export interface Column<R> {
  label: string;
  num?: boolean;
  /** The cell: text or nodes. The first column is the row's header cell. */
  cell(row: R): Child;
  /** Sort key, when the column sorts. */
  key?: string;
}

/**
 * A table that stays a table on a wide screen and turns each row into a block with
 * labelled lines on a narrow one (CSS reads data-label), so nothing scrolls sideways.
 */
export function table<R>(
  columns: Column<R>[],
  rows: R[],
  options: { id?: string; caption?: string; className?: string; foot?: Child[] } = {},
): HTMLElement {
  return h(
    'table',
    { id: options.id, class: `stack-table ${options.className ?? ''}`.trim() },
    options.caption ? h('caption', {}, options.caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          columns.map((c, i) =>
            i === 0
              ? h('th', { scope: 'row', 'data-label': c.label }, c.cell(row))
              : h('td', { class: c.num ? 'num' : undefined, 'data-label': c.label }, c.cell(row)),
          ),
        ),
      ),
    ),
    options.foot ? h('tfoot', {}, options.foot) : null,
  );
}

/** A section card with a heading that names it for screen readers. */
export function card(id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `${id}-title`, id },
    h('h2', { id: `${id}-title` }, title),
    ...children,
  );
}
