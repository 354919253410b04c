// Attribute and child readers for the decoders. Every failure is a named XccosError that carries the
// envelope id and the command id, so even a malformed command can be answered with a correlated error
// (docs/architecture.md, house rule 2: unknown commands still get a correlated error reply).
import type { Element } from 'ltx';
import { XccosError, type XccosErrorContext, type XccosErrorKind } from './errors.js';
import { firstChild } from './xml.js';
import { parseXccosTime } from './time.js';
import { parseCategoryUri, parseRoomUri, checkUserUri } from './uri.js';

export class Reader {
  constructor(readonly ctx: XccosErrorContext) {}

  fail(kind: XccosErrorKind, message: string): never {
    throw new XccosError(kind, message, this.ctx);
  }

  private where(): string {
    return this.ctx.commandId ? ` in ${this.ctx.commandId}` : '';
  }

  str(el: Element, name: string): string {
    const v: unknown = el.attrs[name];
    if (typeof v !== 'string')
      this.fail('missing-argument', `<${el.name}> needs the attribute ${name}${this.where()}.`);
    return v;
  }

  optStr(el: Element, name: string): string | undefined {
    const v: unknown = el.attrs[name];
    return typeof v === 'string' ? v : undefined;
  }

  int(el: Element, name: string): number {
    return this.toInt(el, name, this.str(el, name));
  }

  optInt(el: Element, name: string): number | undefined {
    const v = this.optStr(el, name);
    return v === undefined ? undefined : this.toInt(el, name, v);
  }

  private toInt(el: Element, name: string, v: string): number {
    if (!/^-?\d{1,15}$/.test(v))
      this.fail('bad-argument', `<${el.name} ${name}="${v}"> must be a whole number${this.where()}.`);
    return Number(v);
  }

  bool(el: Element, name: string): boolean {
    return this.toBool(el, name, this.str(el, name));
  }

  optBool(el: Element, name: string): boolean | undefined {
    const v = this.optStr(el, name);
    return v === undefined ? undefined : this.toBool(el, name, v);
  }

  toBool(el: Element, name: string, v: string): boolean {
    // COMPAT(lync): booleans are written "true"/"false"; accept any case and 1/0 on input.
    const l = v.toLowerCase();
    if (l === 'true' || l === '1') return true;
    if (l === 'false' || l === '0') return false;
    return this.fail('bad-argument', `<${el.name} ${name}="${v}"> must be true or false${this.where()}.`);
  }

  time(el: Element, name: string): Date {
    return this.wrap(() => parseXccosTime(this.str(el, name), `<${el.name} ${name}>`));
  }

  optTime(el: Element, name: string): Date | undefined {
    const v = this.optStr(el, name);
    return v === undefined ? undefined : this.wrap(() => parseXccosTime(v, `<${el.name} ${name}>`));
  }

  roomUri(el: Element, name = 'uri'): string {
    const v = this.str(el, name);
    this.wrap(() => parseRoomUri(v));
    return v;
  }

  categoryUri(el: Element, name: string): string {
    const v = this.str(el, name);
    this.wrap(() => parseCategoryUri(v));
    return v;
  }

  userUri(el: Element, name: string): string {
    const v = this.str(el, name);
    this.wrap(() => checkUserUri(v, `<${el.name} ${name}>`));
    return v;
  }

  oneOf<T extends string>(el: Element, name: string, allowed: readonly T[]): T | undefined {
    const v = this.optStr(el, name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(
        'bad-argument',
        `<${el.name} ${name}="${v}"> must be one of ${allowed.join(', ')}${this.where()}.`,
      );
    }
    return v as T;
  }

  child(el: Element, name: string): Element {
    const c = firstChild(el, name);
    if (!c) this.fail('missing-argument', `<${el.name}> needs a <${name}> child${this.where()}.`);
    return c;
  }

  /** Re-throws an XccosError from a helper with this reader's context attached. */
  wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof XccosError) {
        e.envid ??= this.ctx.envid;
        e.commandId ??= this.ctx.commandId;
      }
      throw e;
    }
  }
}

/** Sets `obj[key] = value` only when value is defined, so decoded objects have no `undefined` keys. */
export function put<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}
