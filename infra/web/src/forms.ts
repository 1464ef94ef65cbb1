// A command form: rendered from the form model (form-model.ts), checked in the browser
// by the same zod schema the server uses, sent to POST /commands, and every error put
// beside the field its `path` names. The server stays the judge: its answer is shown
// as it comes, with the position of each event it recorded.
import { COMMAND_SCHEMAS, type CommandType } from '../../../domain/grant/commands.js';
import { rejectionFromZod } from '../../../commands/parse.js';
import { ApiError, sendCommand, type Recorded } from './api.js';
import type { GrantCommandInput } from '../../../domain/ledger-commands.js';
import { normalizeAmount } from './amount.js';
import { h, type Child } from './dom.js';
import { buttonName, commandName, fieldName, outcomeName } from './fields.js';
import { formModel, type FormNode, type InputKind } from './form-model.js';
import { t } from './i18n.js';
import { eventName, explainError } from './messages.js';

type Path = (string | number)[];
type Attributes = Record<string, string | undefined>;

export interface FormOptions {
  /** Values to start with, by dotted path ("grantId", "costs.0.amount"). */
  values?: Record<string, string>;
  /** Choices for a field, by dotted path: a select instead of free text. */
  choices?: Record<string, { value: string; label: string }[]>;
  /** Fields shown but not editable (the grant id on a grant's page). */
  fixed?: string[];
  /** What the person decides on, shown above the fields (basis.ts). */
  basis?: Child;
  /** Called after the server recorded the command. */
  onRecorded?: (recorded: Recorded) => void;
}

const dotted = (path: Path) => path.join('.');
const idOf = (form: string, path: Path) =>
  `${form}-${dotted(path).replace(/[^A-Za-z0-9_-]/g, '_')}`;

let formCount = 0;

const INPUT_HINTS: Partial<Record<InputKind, () => string>> = {
  money: () => t('amountHint'),
  date: () => t('dateHint'),
  rate: () => t('rateHint'),
};

class CommandForm {
  readonly id = `f${++formCount}`;
  /** One id per filled-in form: sending it twice (a double click, a retry) records it once. */
  private commandId = crypto.randomUUID();
  readonly element: HTMLFormElement;
  private readonly status: HTMLElement;
  private readonly model: FormNode[];

  constructor(
    readonly type: CommandType,
    private readonly options: FormOptions,
  ) {
    this.model = formModel(type);
    this.status = h('div', {
      class: 'form-status',
      role: 'status',
      'aria-live': 'polite',
      id: `${this.id}-status`,
    });
    this.element = h(
      'form',
      {
        class: 'command-form',
        id: `${this.id}`,
        'data-command': type,
        novalidate: true,
        'aria-labelledby': `${this.id}-title`,
      },
      h('h3', { id: `${this.id}-title` }, commandName(type)),
      options.basis ?? null,
      this.nodes(this.model, []),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, buttonName(type)),
      ),
      this.status,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  private label(path: Path): string {
    return fieldName(this.type, path) ?? dotted(path);
  }

  private nodes(nodes: FormNode[], prefix: Path): Child[] {
    return nodes.map((n) => this.node(n, n.name === '' ? prefix : [...prefix, n.name]));
  }

  private node(n: FormNode, path: Path): HTMLElement {
    switch (n.node) {
      case 'input':
        return this.input(n.input, path, n.required);
      case 'group':
        return h(
          'fieldset',
          { 'data-path': dotted(path) },
          h('legend', {}, this.label(path), n.required ? '' : ` ${t('optional')}`),
          this.nodes(n.children, path),
          this.errorSlot(path),
        );
      case 'list':
        return this.list(n, path);
      case 'counts':
        return this.counts(path);
      case 'choice':
        return this.choice(n, path);
    }
  }

  private errorSlot(path: Path): HTMLElement {
    return h('p', {
      class: 'field-error',
      id: `${idOf(this.id, path)}-error`,
      'data-error-for': dotted(path),
    });
  }

  private input(kind: InputKind, path: Path, required: boolean): HTMLElement {
    const id = idOf(this.id, path);
    const key = dotted(path);
    const value = this.options.values?.[key] ?? '';
    const hint = INPUT_HINTS[kind]?.();
    const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
    const common = {
      id,
      name: key,
      'data-kind': kind,
      'aria-describedby': describedBy,
      'aria-required': required ? 'true' : undefined,
    };
    const label = h('label', { for: id }, this.label(path), required ? '' : ` ${t('optional')}`);
    if (kind === 'boolean') {
      const box = h('input', { ...common, type: 'checkbox', checked: value === 'true' });
      return h('div', { class: 'field check' }, box, label, this.errorSlot(path));
    }
    const control = this.control(kind, { key, common, value, required });
    const hintLine = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
    const error = this.errorSlot(path);
    return h('div', { class: `field field-${kind}` }, label, hintLine, control, error);
  }

  /** A select where the field has choices (and is not fixed), else a text area or a text input. */
  private control(
    kind: InputKind,
    field: { key: string; common: Attributes; value: string; required: boolean },
  ): HTMLElement {
    const { key, common, value, required } = field;
    const fixed = this.options.fixed?.includes(key) ?? false;
    const choices = this.options.choices?.[key];
    if (choices && !fixed) {
      const none = required ? null : h('option', { value: '' }, '–');
      const options = choices.map((c) =>
        h('option', { value: c.value, selected: c.value === value }, c.label),
      );
      return h('select', common, none, options);
    }
    if (kind === 'longtext') return h('textarea', { ...common, rows: 3 }, value);
    return h('input', {
      ...common,
      type: 'text',
      value,
      inputmode: INPUT_MODES[kind],
      readonly: fixed,
      autocomplete: 'off',
      spellcheck: kind === 'text' ? undefined : 'false',
      placeholder: kind === 'date' ? t('dateHint') : undefined,
      maxlength: kind === 'date' ? 10 : undefined,
    });
  }

  /**
   * Rows are added and removed at the end only, so a row's number is its index in the command (and
   * in an error's path).
   */
  private list(n: Extract<FormNode, { node: 'list' }>, path: Path): HTMLElement {
    const rows = h('div', { class: 'rows' });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          rows.lastElementChild?.remove();
          sync();
        },
      },
      t('removeLastRow'),
      h('span', { class: 'visually-hidden' }, `: ${this.label(path)}`),
    );
    const sync = () => {
      remove.hidden = rows.children.length <= n.minItems;
    };
    const add = () => {
      const index = rows.children.length;
      rows.append(
        h(
          'fieldset',
          { class: 'row', 'data-row': String(index) },
          h('legend', {}, t('rowN', index + 1)),
          this.node(n.item, [...path, index]),
        ),
      );
      sync();
    };
    const start = Math.max(n.minItems, this.prefilledRows(path));
    for (let i = 0; i < start; i++) add();
    sync();
    return h(
      'fieldset',
      { class: 'list', 'data-path': dotted(path), 'data-list': 'true' },
      h('legend', {}, this.label(path), n.required ? '' : ` ${t('optional')}`),
      rows,
      h(
        'div',
        { class: 'row-buttons' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              add();
              (
                rows.lastElementChild?.querySelector(
                  'input, select, textarea',
                ) as HTMLElement | null
              )?.focus();
            },
          },
          t('addRow'),
          h('span', { class: 'visually-hidden' }, `: ${this.label(path)}`),
        ),
        remove,
      ),
      this.errorSlot(path),
    );
  }

  private prefilledRows(path: Path): number {
    const prefix = `${dotted(path)}.`;
    const indexes = Object.keys(this.options.values ?? {})
      .filter((k) => k.startsWith(prefix))
      .map((k) => Number(k.slice(prefix.length).split('.')[0]));
    return indexes.length ? Math.max(...indexes) + 1 : 0;
  }

  private counts(path: Path): HTMLElement {
    const rows = h('div', { class: 'rows' });
    const add = () => {
      const index = rows.children.length;
      const kindId = `${idOf(this.id, path)}-${index}-kind`;
      const countId = `${idOf(this.id, path)}-${index}-count`;
      rows.append(
        h(
          'div',
          { class: 'row counts-row', 'data-count-row': 'true' },
          h(
            'div',
            { class: 'field' },
            h('label', { for: kindId }, t('kindKey')),
            h('input', { id: kindId, type: 'text', 'data-count': 'kind', autocomplete: 'off' }),
          ),
          h(
            'div',
            { class: 'field' },
            h('label', { for: countId }, t('kindValue')),
            h('input', {
              id: countId,
              type: 'text',
              inputmode: 'numeric',
              'data-count': 'value',
              autocomplete: 'off',
            }),
          ),
        ),
      );
    };
    add();
    return h(
      'fieldset',
      { class: 'list', 'data-path': dotted(path), 'data-counts': 'true' },
      h('legend', {}, this.label(path)),
      rows,
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: add },
        t('addRow'),
        h('span', { class: 'visually-hidden' }, `: ${this.label(path)}`),
      ),
      this.errorSlot(path),
    );
  }

  private choice(n: Extract<FormNode, { node: 'choice' }>, path: Path): HTMLElement {
    const name = `${this.id}-${n.name}`;
    const chosen = this.options.values?.[dotted(path)] ?? n.variants[0]!.value;
    const panels = n.variants.map((v) =>
      h(
        'div',
        { class: 'variant', 'data-variant': v.value, hidden: v.value !== chosen },
        this.nodes(v.children, path.slice(0, -1)),
      ),
    );
    const radios = n.variants.map((v) =>
      h(
        'label',
        { class: 'radio' },
        h('input', {
          type: 'radio',
          name,
          value: v.value,
          checked: v.value === chosen,
          'data-choice': n.name,
          onchange: () => panels.forEach((p) => (p.hidden = p.dataset.variant !== v.value)),
        }),
        ` ${outcomeName(v.value)}`,
      ),
    );
    return h(
      'div',
      {},
      h(
        'fieldset',
        { class: 'choice', 'data-path': dotted(path) },
        h('legend', {}, this.label(path)),
        radios,
        this.errorSlot(path),
      ),
      panels,
    );
  }

  // ---- reading the form into a command ----

  private value(nodes: FormNode[], scope: ParentNode, prefix: Path): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const n of nodes) {
      const path = [...prefix, n.name];
      const v = this.read(n, scope, path);
      if (v !== undefined) out[n.name] = v;
    }
    return out;
  }

  private read(n: FormNode, scope: ParentNode, path: Path): unknown {
    switch (n.node) {
      case 'input':
        return readInput(n.input, scope, path);
      case 'group': {
        const v = this.value(n.children, scope, path);
        return Object.keys(v).length === 0 && !n.required ? undefined : v;
      }
      case 'list': {
        const fieldset = scope.querySelector(`[data-path="${CSS.escape(dotted(path))}"]`);
        const rows = fieldset ? [...fieldset.querySelectorAll(':scope > .rows > .row')] : [];
        const items = rows.map((_row, i) => this.read(n.item, scope, [...path, i]));
        return items.length === 0 && !n.required ? undefined : items;
      }
      case 'counts':
        return readCounts(scope, path);
      case 'choice':
        return (
          scope.querySelector(`input[data-choice="${n.name}"]:checked`) as HTMLInputElement | null
        )?.value;
    }
  }

  command(): Record<string, unknown> {
    const choice = this.model.find(
      (n): n is Extract<FormNode, { node: 'choice' }> => n.node === 'choice',
    );
    const base = this.value(
      this.model.filter((n) => n.node !== 'choice'),
      this.element,
      [],
    );
    let chosen: Record<string, unknown> = {};
    if (choice) {
      const value = this.read(choice, this.element, [choice.name]) as string;
      const panel = this.element.querySelector(`[data-variant="${CSS.escape(value)}"]`)!;
      chosen = {
        [choice.name]: value,
        ...this.value(choice.variants.find((v) => v.value === value)!.children, panel, []),
      };
    }
    return { type: this.type, ...base, ...chosen, meta: { commandId: this.commandId } };
  }

  // ---- errors and the server's answer ----

  private clearErrors(): void {
    for (const slot of this.element.querySelectorAll<HTMLElement>('[data-error-for]'))
      slot.textContent = '';
    for (const c of this.element.querySelectorAll('[aria-invalid]'))
      c.removeAttribute('aria-invalid');
    this.status.replaceChildren();
    this.status.className = 'form-status';
  }

  /**
   * Puts the message beside the field `path` names (or its nearest named parent); false when none.
   */
  private showAtField(path: string, message: string): boolean {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const key = parts.slice(0, n).join('.');
      const slot = this.element.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(key)}"]`);
      if (!slot) continue;
      slot.textContent = message;
      const control =
        this.element.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`) ??
        slot.parentElement?.querySelector<HTMLElement>('input, select, textarea');
      control?.setAttribute('aria-invalid', 'true');
      control?.focus();
      return true;
    }
    return false;
  }

  private showStatus(kind: 'ok' | 'error', ...children: Child[]): void {
    this.status.className = `form-status ${kind}`;
    this.status.replaceChildren(
      ...children
        .flat()
        .map((c) => (c instanceof Node ? c : document.createTextNode(String(c ?? '')))),
    );
  }

  async submit(): Promise<void> {
    this.clearErrors();
    const command = this.command();
    // The schema of the API, here first: a mistake is shown at once, beside its field.
    const checked = COMMAND_SCHEMAS[this.type].safeParse(command);
    if (!checked.success) {
      const rejection = rejectionFromZod(checked.error, command);
      const message = explainError('INVALID_INPUT', rejection.message, rejection.path);
      if (!this.showAtField(rejection.path, message)) this.showStatus('error', message);
      else this.showStatus('error', t('fixFields'));
      return;
    }
    const button = this.element.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    this.showStatus('ok', t('sending'));
    try {
      // The schema accepted it just above, so it is a command as the server reads it.
      const recorded = await sendCommand(command as GrantCommandInput);
      this.commandId = crypto.randomUUID();
      const events = recorded.events
        .map((e) => t('recordedEvent', eventName(e.type), e.position))
        .join(', ');
      this.showStatus(
        'ok',
        h('strong', {}, recorded.duplicate ? t('duplicate') : t('recorded', events)),
      );
      this.options.onRecorded?.(recorded);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const message = explainError(error.code, error.message, error.path);
      const placed = error.path !== '' && this.showAtField(error.path, message);
      this.showStatus(
        'error',
        placed ? t('rejected', error.code, t('fixFields')) : t('rejected', error.code, message),
      );
    } finally {
      button.disabled = false;
    }
  }
}

export function commandForm(type: CommandType, options: FormOptions = {}): HTMLFormElement {
  return new CommandForm(type, options).element;
}

/** The keyboard a phone shows for each kind of text input. */
const INPUT_MODES: Partial<Record<InputKind, string>> = {
  money: 'decimal',
  rate: 'decimal',
  int: 'numeric',
  date: 'numeric',
};

/** An input's value as the command wants it: absent when empty, amounts normalised. */
function readInput(kind: InputKind, scope: ParentNode, path: Path): unknown {
  const control = scope.querySelector<HTMLInputElement>(`[name="${CSS.escape(dotted(path))}"]`);
  if (!control) return undefined;
  if (kind === 'boolean') return control.checked ? true : undefined;
  const text = control.value.trim();
  if (text === '') return undefined;
  if (kind === 'money' || kind === 'rate') return normalizeAmount(text);
  if (kind === 'int') return /^\d+$/.test(text) ? Number(text) : text;
  return text;
}

/** A counts field (kind → count) as an object; rows left empty are skipped. */
function readCounts(scope: ParentNode, path: Path): Record<string, unknown> {
  const fieldset = scope.querySelector(`[data-path="${CSS.escape(dotted(path))}"]`);
  const entries: [string, unknown][] = [];
  for (const row of fieldset?.querySelectorAll('[data-count-row]') ?? []) {
    const kind = (row.querySelector('[data-count="kind"]') as HTMLInputElement).value.trim();
    const count = (row.querySelector('[data-count="value"]') as HTMLInputElement).value.trim();
    if (kind === '' && count === '') continue;
    entries.push([kind, /^\d+$/.test(count) ? Number(count) : count]);
  }
  return Object.fromEntries(entries);
}
