// CSeq (RFC 3261 §20.16): a sequence number below 2**31 (§8.1.1.5) and the method.
import { SipParseError } from './errors.js';
import { isToken, isWs } from './chars.js';
import { clip } from './grammar.js';

export interface SipCSeq {
  seq: number;
  method: string;
}

export function parseCSeq(text: string): SipCSeq {
  let i = 0;
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  const s = i;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === s)
    throw new SipParseError('bad-cseq', `CSeq "${clip(text)}" must start with a number`, { header: 'CSeq' });
  // Leading zeros are legal ("0009" in RFC 4475 wsinv); more than 10 significant digits is not.
  const digits = text.slice(s, i);
  const seq = digits.length > 12 ? Infinity : Number(digits);
  if (!(seq < 2 ** 31))
    throw new SipParseError('bad-cseq', `CSeq number ${clip(digits, 20)} is not below 2^31`, {
      header: 'CSeq',
    });
  const ws = i;
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  if (i === ws)
    throw new SipParseError('bad-cseq', `CSeq "${clip(text)}" needs a space then the method`, {
      header: 'CSeq',
    });
  let e = text.length;
  while (e > i && isWs(text.charCodeAt(e - 1))) e--;
  const method = text.slice(i, e);
  if (!isToken(method))
    throw new SipParseError('bad-cseq', `CSeq method "${clip(method)}" is not a token`, { header: 'CSeq' });
  return { seq, method };
}

export function formatCSeq(c: SipCSeq): string {
  return c.seq + ' ' + c.method;
}
