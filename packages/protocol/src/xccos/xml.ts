// Safe XML for XCCOS bodies: saxes (a conforming, non-validating XML 1.0 parser) driving our own small
// adapter that builds ltx Elements. Why our own adapter: ltx's shipped saxes adapter drops CDATA, and we
// want the refusals below to be ours and named (errors.ts), not whatever a generic parser does.
//
// Refusals, all before or while parsing, never after expanding anything:
// - any `<!DOCTYPE` or `<!ENTITY` (billion laughs, XXE `SYSTEM "file:///etc/passwd"`): checked on the raw
//   text before the parser sees it, so no DTD is ever read;
// - bodies over `maxLength` UTF-16 code units and elements nested deeper than `maxDepth`;
// - characters outside the XML 1.0 `Char` production (XML 1.0 §2.2), including NUL and lone surrogates;
// - a second root element, text outside the root;
// - any entity other than the five predefined ones and numeric character references (XML 1.0 §4.6);
//   saxes does this itself since it never reads a DTD.
import { SaxesParser } from 'saxes';
import type { Element as LtxElement } from 'ltx';
// The Element module alone: the ltx root also loads its stream Parser (Node 'events'), which must stay
// out of the browser SDK bundle. @types/ltx describes this subpath as CommonJS, so it is typed through
// the root's Element type.
import ElementModule from 'ltx/src/Element.js';
import { XccosError } from './errors.js';

export const Element = ElementModule as unknown as typeof LtxElement;
export type Element = LtxElement;

export interface XmlLimits {
  /** Longest accepted body in UTF-16 code units. Default 512 KiB. */
  maxLength?: number;
  /** Deepest accepted element nesting. Default 32 (XCCOS needs about 8). */
  maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 512 * 1024;
export const DEFAULT_MAX_DEPTH = 32;

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// With the `u` flag a lone surrogate is a code point of its own, so it matches here too.
const ILLEGAL_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const DTD_MARKUP = /<!\s*(DOCTYPE|ENTITY)/i;

/** True when `s` contains a character XML 1.0 cannot carry (not even as a reference). */
export function hasIllegalXmlChar(s: string): boolean {
  return firstIllegalChar(s) >= 0;
}

/**
 * Index of the first character outside XML 1.0 Char, or -1. A charCode loop: several times faster than
 * the equivalent Unicode regex on the decode hot path (bench/xccos-codec.ts).
 */
function firstIllegalChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c >= 0xe000 && c <= 0xfffd) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1); // NaN past the end
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Removes characters XML 1.0 cannot carry. The encoder's policy (docs/protocol-notes.md, Escaping). */
export function stripIllegalXmlChars(s: string): string {
  return firstIllegalChar(s) >= 0 ? s.replace(ILLEGAL_CHARS, '') : s;
}

/** Parses one XML document into an ltx Element tree, or throws a named XccosError. */
export function parseXml(text: string, limits: XmlLimits = {}): Element {
  const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.length > maxLength) {
    throw new XccosError(
      'too-large',
      `XCCOS body is ${text.length} characters; the limit is ${maxLength}. Send a smaller body.`,
    );
  }
  if (text.includes('<!') && DTD_MARKUP.test(text)) {
    throw new XccosError(
      'doctype-forbidden',
      'XCCOS bodies must not contain a DOCTYPE or ENTITY declaration; remove it.',
    );
  }
  const bad = firstIllegalChar(text);
  if (bad >= 0) {
    const cp = text.codePointAt(bad) ?? 0;
    throw new XccosError(
      'not-xml',
      `XCCOS body contains U+${cp.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 does not allow; remove it.`,
    );
  }

  const parser = new SaxesParser({ xmlns: false, position: false });
  let root: Element | undefined;
  let current: Element | undefined;
  let depth = 0;
  let failure: XccosError | undefined;
  const fail = (e: XccosError): never => {
    failure ??= e;
    throw e;
  };
  parser.on('error', (err) =>
    fail(new XccosError('not-xml', `XCCOS body is not well-formed XML: ${err.message}`)),
  );
  parser.on('doctype', () =>
    fail(new XccosError('doctype-forbidden', 'XCCOS bodies must not contain a DOCTYPE; remove it.')),
  );
  parser.on('opentag', (tag) => {
    if (current === undefined && root !== undefined) {
      fail(
        new XccosError(
          'not-xml',
          `XCCOS body has a second root element <${tag.name}>; send exactly one <xccos> element.`,
        ),
      );
    }
    if (++depth > maxDepth)
      fail(new XccosError('too-large', `XCCOS body nests deeper than ${maxDepth} elements.`));
    const el = new Element(tag.name, { ...tag.attributes });
    if (current) current.cnode(el);
    else root = el;
    current = el;
  });
  parser.on('closetag', () => {
    depth--;
    current = current?.parent ?? undefined;
  });
  const onText = (t: string): void => {
    if (current) current.t(t);
    else if (t.trim() !== '')
      fail(new XccosError('not-xml', 'XCCOS body has text outside its root element.'));
  };
  parser.on('text', onText);
  // CDATA content is character data like any other (XML 1.0 §2.7); keep it as text.
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof XccosError) throw e;
    throw new XccosError('not-xml', `XCCOS body is not well-formed XML: ${(e as Error).message}`);
  }
  if (failure) throw failure;
  if (!root) throw new XccosError('not-xml', 'XCCOS body is empty; send one <xccos> element.');
  return root;
}

// ---- escaping (encode side) ----

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;

/**
 * Escapes character data. `\r` becomes `&#13;` because XML 1.0 §2.11 folds CR LF to LF on input and
 * pidgin-sipe joins lines with CR LF; illegal characters are stripped (never produce a body we would
 * refuse ourselves).
 */
export function escapeText(s: string): string {
  s = stripIllegalXmlChars(s);
  if (!TEXT_SPECIAL.test(s)) return s;
  return escapeLoop(s, false);
}

/** Escapes an attribute value; tab, LF and CR as references so attribute normalization (XML 1.0 §3.3.3) keeps them. */
export function escapeAttr(s: string): string {
  s = stripIllegalXmlChars(s);
  if (!ATTR_SPECIAL.test(s)) return s;
  return escapeLoop(s, true);
}

// One pass with slices: cheaper than a regex replace with a callback (bench/xccos-codec.ts).
function escapeLoop(s: string, inAttr: boolean): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    let rep: string;
    switch (s.charCodeAt(i)) {
      case 0x26:
        rep = '&amp;';
        break;
      case 0x3c:
        rep = '&lt;';
        break;
      case 0x3e:
        rep = '&gt;';
        break;
      case 0x0d:
        rep = '&#13;';
        break;
      case 0x22:
        if (!inAttr) continue;
        rep = '&quot;';
        break;
      case 0x09:
        if (!inAttr) continue;
        rep = '&#9;';
        break;
      case 0x0a:
        if (!inAttr) continue;
        rep = '&#10;';
        break;
      default:
        continue;
    }
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** ` name="value"` for a defined value, '' for undefined: the building block of the string encoders. */
export function attr(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return ` ${name}="${typeof value === 'string' ? escapeAttr(value) : String(value)}"`;
}

/** All direct text of an element (text and CDATA children), concatenated. */
export function textOf(el: Element): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}

/** Child elements, optionally only those named `name`. */
export function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (const c of el.children)
    if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function firstChild(el: Element, name: string): Element | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}
