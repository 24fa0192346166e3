/** What a browser would post from a form of a rendered page: its inputs, ticked boxes, chosen options, text boxes. */

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-][a-zA-Z0-9_:.-]*)(?:="([^"]*)")?/g)) out[m[1]!] = m[2] === undefined ? true : unescape(m[2]);
  return out;
}

/** The pairs a browser submits for the form with this id (no button pressed). */
export function formFields(html: string, id: string): Array<[string, string]> {
  const start = html.indexOf(`<form id="${id}"`);
  if (start < 0) throw new Error(`no form ${id}`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const out: Array<[string, string]> = [];
  const re = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) {
      const a = attrs(m[1]);
      const type = typeof a.type === 'string' ? a.type : 'text';
      if (typeof a.name !== 'string' || 'disabled' in a || ['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      out.push([a.name, typeof a.value === 'string' ? a.value : type === 'checkbox' ? 'on' : '']);
    } else if (m[2] !== undefined) {
      const a = attrs(m[2]);
      if (typeof a.name === 'string') out.push([a.name, unescape(m[3]!.replace(/^\n/, ''))]);
    } else {
      const a = attrs(m[4]!);
      if (typeof a.name !== 'string') continue;
      const options = [...m[5]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => ({ a: attrs(o[1]!), text: unescape(o[2]!) }));
      const chosen = options.find((o) => 'selected' in o.a) ?? options[0];
      if (chosen) out.push([a.name, typeof chosen.a.value === 'string' ? chosen.a.value : chosen.text]);
    }
  }
  return out;
}

/** The pairs with the values of `name` replaced (all of them: one value, or none to untick). */
export function withValue(fields: Array<[string, string]>, name: string, ...values: string[]): Array<[string, string]> {
  const at = fields.findIndex(([n]) => n === name);
  if (at < 0) throw new Error(`no field ${name}`);
  const rest = fields.filter(([n]) => n !== name);
  rest.splice(at, 0, ...values.map((v): [string, string] => [name, v]));
  return rest;
}
