// Category publication ([MS-PRES] 2.2.2.1 `publish`, 3.7.5.1): a client publishes its own categories in a
// SERVICE request with `application/msrtc-category-publish+xml`. Each publication names its category,
// instance and container (the access level it is published to); `expires="0"` removes it. pchat reads the
// categories it aggregates (`state`: availability, user or machine state; `note`: the personal note) and
// accepts the others without keeping them.
import { attr, escapeText } from '../xccos/xml.js';
import { CT_CATEGORY_PUBLISH, NS_NOTE, NS_STATE, NS_XSI } from './constants.js';
import { PresenceCodecError } from './errors.js';
import { attrOf, kid, kids, localName, parseBody, text } from './xml.js';

export interface CategoryPublication {
  category: string;
  instance: number;
  container: number;
  version: number;
  /** `expireType` (endpoint, user, static, time), or null when absent. */
  expireType: string | null;
  /** `expires="0"`: the publication is withdrawn. */
  remove: boolean;
  /** For `state`: its xsi:type (userState, machineState, ...) and availability (null when absent). */
  state?: { type: string; availability: number | null };
  /** For `note`: the text of the first body (null when the note carries no body: cleared). */
  note?: { text: string | null };
}

export interface CategoryPublish {
  /** `publications/@uri`, when given. */
  uri: string | null;
  publications: CategoryPublication[];
}

function int(v: string | undefined, dflt: number): number {
  if (v === undefined || !/^\d{1,10}$/.test(v.trim())) return dflt;
  return Number(v.trim());
}

export function parseCategoryPublish(body: string): CategoryPublish {
  const root = parseBody(body, CT_CATEGORY_PUBLISH);
  if (localName(root) !== 'publish')
    throw new PresenceCodecError('wrong-document', 'A category publication must be a <publish> document.');
  const list = kid(root, 'publications');
  if (list === undefined)
    throw new PresenceCodecError('bad-field', 'A <publish> document needs a <publications> element.');
  const publications: CategoryPublication[] = [];
  for (const p of kids(list, 'publication')) {
    const category = attrOf(p, 'categoryName');
    if (category === undefined || category === '')
      throw new PresenceCodecError('bad-field', 'Every <publication> needs a categoryName.');
    const pub: CategoryPublication = {
      category,
      instance: int(attrOf(p, 'instance'), 0),
      container: int(attrOf(p, 'container'), 0),
      version: int(attrOf(p, 'version'), 0),
      expireType: attrOf(p, 'expireType') ?? null,
      remove: attrOf(p, 'expires') === '0',
    };
    if (category === 'state') {
      const st = kid(p, 'state');
      if (st !== undefined) {
        const av = kid(st, 'availability');
        const t = (attrOf(st, 'xsi:type') ?? attrOf(st, 'type') ?? '').replace(/^.*:/, '');
        pub.state = { type: t, availability: av === undefined ? null : int(text(av), 0) };
      }
    } else if (category === 'note') {
      const n = kid(p, 'note');
      const b = n === undefined ? undefined : kid(n, 'body');
      pub.note = { text: b === undefined ? null : text(b) };
    }
    publications.push(pub);
  }
  return { uri: attrOf(list, 'uri') ?? null, publications };
}

/** What the SDK publishes: a user state (availability) and a note, in the containers colleagues read. */
export interface OwnPresence {
  uri: string;
  availability: number;
  note: string | null;
  /** Instance of the user state publication (one per user; the same from every endpoint). */
  instance?: number;
}

/** Containers a user-set state and note go to: 2 and 3 (self), 100-400 (public to personal). */
const STATE_CONTAINERS = [2, 3, 100, 200, 300, 400] as const;
const NOTE_CONTAINERS = [200, 300, 400] as const;

export function encodeCategoryPublish(p: OwnPresence): string {
  const instance = p.instance ?? 1;
  let s = `<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications${attr('uri', p.uri)}>`;
  for (const c of STATE_CONTAINERS)
    s +=
      `<publication categoryName="state" instance="${instance}" container="${c}" version="0" expireType="user">` +
      `<state xmlns="${NS_STATE}" xmlns:xsi="${NS_XSI}" manual="true" xsi:type="userState">` +
      `<availability>${p.availability}</availability></state></publication>`;
  for (const c of NOTE_CONTAINERS)
    s +=
      p.note === null
        ? `<publication categoryName="note" instance="0" container="${c}" version="0" expireType="static" expires="0"/>`
        : `<publication categoryName="note" instance="0" container="${c}" version="0" expireType="static">` +
          `<note xmlns="${NS_NOTE}"><body type="personal" uri="">${escapeText(p.note)}</body></note></publication>`;
  return `${s}</publications></publish>`;
}
