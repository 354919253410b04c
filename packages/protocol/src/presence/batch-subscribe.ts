// Batched presence subscription ([MS-PRES] 2.2.2.3 `batchSub`, 3.7.5.2): one SUBSCRIBE to one's own URI
// with `Require: adhoclist, categoryList` and `Supported: eventlist` names many presentities and the
// categories wanted; the answer and every later NOTIFY carry one `multipart/related` body (RFC 2387) with
// an RLMI list ([RFC 4662] §5) first and one `categories` document per presentity after it.
import { attr } from '../xccos/xml.js';
import { CT_BATCH_SUBSCRIBE, CT_EVENT_CATEGORIES, CT_RLMI, NS_RLMI } from './constants.js';
import { decodeCategories, encodeCategories, type PresenceView } from './categories.js';
import { PresenceCodecError } from './errors.js';
import { attrOf, kid, kids, localName, parseBody } from './xml.js';

export interface BatchSubscribe {
  /** `subscribe` adds the resources to the subscription, `unsubscribe` removes them. */
  action: 'subscribe' | 'unsubscribe';
  /** Lower-cased `sip:` addresses, in order, without duplicates. */
  resources: string[];
}

/** At most this many presentities in one batch (Lync's front end caps a batch the same way). */
export const MAX_BATCH_RESOURCES = 2_000;

export function normaliseSipUri(u: string): string {
  const t = u.trim().toLowerCase();
  return t.startsWith('sip:') ? t : `sip:${t}`;
}

export function decodeBatchSubscribe(body: string): BatchSubscribe {
  const root = parseBody(body, CT_BATCH_SUBSCRIBE);
  if (localName(root) !== 'batchSub')
    throw new PresenceCodecError(
      'wrong-document',
      'A batched presence subscription must be a <batchSub> document.',
    );
  const action = kid(root, 'action');
  if (action === undefined) throw new PresenceCodecError('bad-field', 'A <batchSub> needs an <action>.');
  const name = attrOf(action, 'name');
  const list = kid(action, 'adhocList');
  const seen = new Set<string>();
  for (const r of list === undefined ? [] : kids(list, 'resource')) {
    const u = attrOf(r, 'uri');
    if (u !== undefined && u.trim() !== '') seen.add(normaliseSipUri(u));
  }
  if (seen.size > MAX_BATCH_RESOURCES)
    throw new PresenceCodecError(
      'bad-field',
      `A batched subscription may name at most ${MAX_BATCH_RESOURCES} people; this one names ${seen.size}.`,
    );
  return { action: name === 'unsubscribe' ? 'unsubscribe' : 'subscribe', resources: [...seen] };
}

export function encodeBatchSubscribe(self: string, b: BatchSubscribe): string {
  let res = '';
  for (const r of b.resources) res += `<resource${attr('uri', r)}/>`;
  return (
    `<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe"${attr('uri', self)} name="">` +
    `<action name="${b.action}" id="1"><adhocList>${res}</adhocList>` +
    `<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist">` +
    `<category name="state"/><category name="note"/></categoryList></action></batchSub>`
  );
}

/** A multipart body and the Content-Type header value that goes with it. */
export interface MultipartBody {
  contentType: string;
  body: string;
}

let boundaries = 0;

/**
 * One person's categories document, encoded once: a change goes to every watcher in the same one or two
 * forms (as it is, or offline for those who may not see it), so the fan-out encodes each form once and
 * only the RLMI list (the watcher's address and version) is written per watcher.
 */
export interface EncodedPresence {
  uri: string;
  categories: string;
}

export function encodePresence(v: PresenceView): EncodedPresence {
  return { uri: v.uri, categories: encodeCategories(v) };
}

/** [RFC 4662] §5 RLMI list plus one categories part per view (RFC 2387 multipart/related, CRLF lines). */
export function encodePresenceMultipart(
  watcher: string,
  version: number,
  views: readonly (PresenceView | EncodedPresence)[],
  fullState: boolean,
): MultipartBody {
  const boundary = `pchat-${Math.random().toString(36).slice(2, 10)}-${(++boundaries).toString(36)}`;
  const cid = (i: number): string => `p${i}@pchat`;
  let list = `<list xmlns="${NS_RLMI}"${attr('uri', watcher)} version="${version}" fullState="${fullState}">`;
  views.forEach((v, i) => {
    list += `<resource${attr('uri', v.uri)}><instance id="${i + 1}" state="active"${attr('cid', cid(i))}/></resource>`;
  });
  list += '</list>';
  // COMPAT(pidgin-sipe): libpurple's MIME reader drops the four bytes before each boundary, so every part
  // ends with an empty line (as Lync's front end writes them); readers that drop only the CRLF see
  // whitespace after the root element, which XML allows.
  const part = (id: string, type: string, content: string): string =>
    `--${boundary}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${id}>\r\nContent-Type: ${type}\r\n\r\n${content}\r\n\r\n`;
  let body = part('rlmi@pchat', CT_RLMI, list);
  views.forEach((v, i) => {
    body += part(cid(i), CT_EVENT_CATEGORIES, 'categories' in v ? v.categories : encodeCategories(v));
  });
  body += `--${boundary}--\r\n`;
  return {
    contentType: `multipart/related; type="${CT_RLMI}"; start="<rlmi@pchat>"; boundary="${boundary}"`,
    body,
  };
}

/** The categories documents of a multipart presence body (or of a single categories body). */
export function decodePresenceBody(contentType: string, body: string): PresenceView[] {
  const ct = contentType.toLowerCase();
  if (ct.startsWith(CT_EVENT_CATEGORIES)) return [decodeCategories(body)];
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!ct.startsWith('multipart/') || m === null)
    throw new PresenceCodecError(
      'wrong-document',
      `A presence body of type "${contentType}" is not understood.`,
    );
  const out: PresenceView[] = [];
  for (const chunk of body.split(`--${m[1]!}`)) {
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = chunk.slice(0, sep).toLowerCase();
    if (!head.includes(CT_EVENT_CATEGORIES)) continue;
    out.push(decodeCategories(chunk.slice(sep + 4).trimEnd()));
  }
  return out;
}
