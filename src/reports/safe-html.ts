/**
 * HTML built so that escaping cannot be forgotten: the `html` template tag escapes every interpolated value
 * with `escapeHtml` unless the value is itself `SafeHtml` produced by the tag. Tenant-supplied strings (names,
 * logins, policy names, reasons, error messages) therefore always reach the page as text. Escaping `"` and `'`
 * as well makes the same function safe inside quoted attribute values; the renderer never puts a tenant string
 * into a URL, style, event-handler or unquoted attribute, where escaping alone would not be enough.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

/** Markup that is already safe. The class stays private to this module: only `html` and `joinHtml` create it. */
class SafeHtml {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}
export type { SafeHtml };

export type HtmlValue = SafeHtml | string | number | null | undefined | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

export function joinHtml(parts: readonly HtmlValue[], separator: SafeHtml = html``): SafeHtml {
  return new SafeHtml(parts.map(render).join(separator.toString()));
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}
