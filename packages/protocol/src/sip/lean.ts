// A lean look at a response head (each delivered INFO costs the server a parse of the
// client's 200 OK, so that parse must be cheap): status, Call-ID, CSeq and Content-Length read straight from
// the bytes, with no header list, no UTF-8 decode of the whole head and no validation. Anything unusual
// (folded lines, duplicate or non-ASCII values, a missing field) gives null and the caller falls back to the
// full parser.

export interface LeanResponse {
  status: number;
  callId: string;
  cseq: number;
  /** CSeq method, as sent (upper case for every method this server sends). */
  method: string;
  contentLength: number;
}

const SIP20 = [0x53, 0x49, 0x50, 0x2f, 0x32, 0x2e, 0x30, 0x20]; // "SIP/2.0 "

/** True when the bytes at `start` begin a status line (`SIP/2.0 `). */
export function isStatusLine(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 12) return false;
  for (let i = 0; i < 8; i++) if (buf[start + i] !== SIP20[i]) return false;
  return true;
}

/** Reads `head` (start inclusive, end just past the blank line) of a response; null when not simple. */
export function scanLeanResponse(buf: Uint8Array, start: number, end: number): LeanResponse | null {
  if (!isStatusLine(buf, start, end)) return null;
  const d0 = buf[start + 8]! - 0x30,
    d1 = buf[start + 9]! - 0x30,
    d2 = buf[start + 10]! - 0x30;
  if (d0 < 1 || d0 > 6 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || buf[start + 11] !== 0x20) return null;
  const status = d0 * 100 + d1 * 10 + d2;
  let callId: string | null = null;
  let cseqText: string | null = null;
  let length = -1;
  let i = buf.indexOf(0x0a, start) + 1;
  while (i > 0 && i < end) {
    let lf = buf.indexOf(0x0a, i);
    if (lf < 0 || lf >= end) lf = end;
    let le = lf;
    if (le > i && buf[le - 1] === 0x0d) le--;
    if (le === i) break; // the blank line
    const c = buf[i]!;
    if (c === 0x20 || c === 0x09) return null; // folded line: let the full parser unfold it
    const colon = buf.indexOf(0x3a, i);
    if (colon < 0 || colon >= le) return null;
    let ne = colon;
    while (ne > i && (buf[ne - 1] === 0x20 || buf[ne - 1] === 0x09)) ne--;
    const which = fieldOf(buf, i, ne);
    if (which !== 0) {
      const v = ascii(buf, colon + 1, le);
      if (v === null) return null;
      if (which === 1) {
        if (callId !== null) return null;
        callId = v;
      } else if (which === 2) {
        if (cseqText !== null) return null;
        cseqText = v;
      } else {
        if (length >= 0 || !/^\d{1,10}$/.test(v)) return null;
        length = Number(v);
      }
    }
    i = lf + 1;
  }
  if (callId === null || cseqText === null || length < 0 || callId === '') return null;
  const m = /^(\d{1,10})[ \t]+([A-Za-z0-9.!%*_+`'~-]+)$/.exec(cseqText);
  if (m === null) return null;
  return { status, callId, cseq: Number(m[1]), method: m[2]!, contentLength: length };
}

/** 1 Call-ID (or `i`), 2 CSeq, 3 Content-Length (or `l`), 0 anything else. */
function fieldOf(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 1) {
    const c = buf[s]! | 0x20;
    return c === 0x69 ? 1 : c === 0x6c ? 3 : 0;
  }
  if (n === 7) return eqLower(buf, s, 'call-id') ? 1 : 0;
  if (n === 4) return eqLower(buf, s, 'cseq') ? 2 : 0;
  if (n === 14) return eqLower(buf, s, 'content-length') ? 3 : 0;
  return 0;
}

function eqLower(buf: Uint8Array, s: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) {
    const b = buf[s + k]!;
    const lower = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
    if (lower !== name.charCodeAt(k)) return false;
  }
  return true;
}

/** The trimmed value as a string; null when it holds a non-ASCII byte. */
function ascii(buf: Uint8Array, s: number, e: number): string | null {
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  let out = '';
  for (let k = s; k < e; k++) {
    const b = buf[k]!;
    if (b >= 0x80) return null;
    out += String.fromCharCode(b);
  }
  return out;
}
