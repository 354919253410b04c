// Category documents a watcher receives ([MS-PRES] 2.2.2.2 `categories`, in NOTIFY / BENOTIFY and in the
// 200 OK of a presence subscription): one document per presentity, with the aggregated `state`
// (availability, [MS-PRES] 3.7.5.5) and the `note`. A `note` category without a body clears the note
// (pidgin-sipe drops the old note on any note category). The SDK decodes what the server encodes.
import { attr, escapeText } from '../xccos/xml.js';
import { CT_EVENT_CATEGORIES, NS_CATEGORIES, NS_NOTE, NS_STATE, NS_XSI } from './constants.js';
import { PresenceCodecError } from './errors.js';
import { attrOf, isoTime, kid, kids, localName, parseBody, text } from './xml.js';

/** The aggregated presence of one person as a watcher sees it. */
export interface PresenceView {
  /** `sip:user@domain`. */
  uri: string;
  /** [MS-PRES] 3.7.5.5 availability (18500 when offline or not visible). */
  availability: number;
  note: string | null;
  /** Epoch ms of the last change (publishTime). */
  since: number;
}

export function encodeCategories(v: PresenceView): string {
  const t = isoTime(v.since);
  const note =
    v.note === null
      ? `<category name="note" instance="0" publishTime="${t}"/>`
      : `<category name="note" instance="0" publishTime="${t}"><note xmlns="${NS_NOTE}">` +
        `<body type="personal" uri="">${escapeText(v.note)}</body></note></category>`;
  return (
    `<categories xmlns="${NS_CATEGORIES}"${attr('uri', v.uri)}>` +
    `<category name="state" instance="0" publishTime="${t}">` +
    `<state xmlns="${NS_STATE}" xmlns:xsi="${NS_XSI}" manual="false" xsi:type="aggregateState">` +
    `<availability>${v.availability}</availability></state></category>${note}</categories>`
  );
}

export function decodeCategories(body: string): PresenceView {
  const root = parseBody(body, CT_EVENT_CATEGORIES);
  if (localName(root) !== 'categories')
    throw new PresenceCodecError('wrong-document', 'A presence document must be a <categories> document.');
  const uri = attrOf(root, 'uri');
  if (uri === undefined) throw new PresenceCodecError('bad-field', 'A <categories> document needs a uri.');
  let availability = 18500;
  let note: string | null = null;
  let since = 0;
  for (const c of kids(root, 'category')) {
    const t = Date.parse(attrOf(c, 'publishTime') ?? '');
    if (Number.isFinite(t) && t > since) since = t;
    const name = attrOf(c, 'name');
    if (name === 'state') {
      const a = Number(text(kid(kid(c, 'state'), 'availability')).trim());
      if (Number.isFinite(a) && a > 0) availability = a;
    } else if (name === 'note') {
      const b = kid(kid(c, 'note'), 'body');
      note = b === undefined ? null : text(b);
    }
  }
  return { uri, availability, note, since };
}
