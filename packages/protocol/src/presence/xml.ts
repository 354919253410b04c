// XML helpers of the presence codec: the XCCOS safe parser (no DTD, limits) with namespace prefixes
// ignored, because the bodies of MS-PRES and MS-SIP come with and without prefixes (`m:addGroup`).
import { XccosError } from '../xccos/errors.js';
import { parseXml, type Element } from '../xccos/xml.js';
import { PresenceCodecError } from './errors.js';

/** Presence bodies are small; a 500-contact list stays far below this. */
const MAX_LENGTH = 256 * 1024;

export function parseBody(text: string, what: string): Element {
  try {
    return parseXml(text, { maxLength: MAX_LENGTH, maxDepth: 24 });
  } catch (e) {
    const why = e instanceof XccosError ? e.message : String(e);
    throw new PresenceCodecError('not-xml', `The ${what} body is not usable XML: ${why}`);
  }
}

/** The element name without its namespace prefix. */
export function localName(el: Element): string {
  const i = el.name.indexOf(':');
  return i < 0 ? el.name : el.name.slice(i + 1);
}

export function kids(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (const c of el.children)
    if (typeof c !== 'string' && (name === undefined || localName(c) === name)) out.push(c);
  return out;
}

export function kid(el: Element | undefined, name: string): Element | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && localName(c) === name) return c;
  return undefined;
}

/** The text of an element, with the text of nested elements (a SOAP value is plain text). */
export function text(el: Element | undefined): string {
  if (el === undefined) return '';
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : text(c);
  return s;
}

export function attrOf(el: Element, name: string): string | undefined {
  const v = el.attrs[name] as unknown;
  return typeof v === 'string' ? v : undefined;
}

/** An ISO 8601 UTC timestamp as MS-PRES writes `publishTime` (seconds precision). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
