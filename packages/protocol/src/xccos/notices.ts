// Notices the server sends unprompted (S→C): `<ntc id="ntc:*" seqid="1"><data>..</data></ntc>`.
// docs/xccos.md §4, notices: ntc:join / ntc:bjoin name the room through
// `aib domain value` (not a chanib), ntc:part through `chanib uri`.
import type { Element } from 'ltx';
import type { Invitation } from './model.js';
import { attr, childElements } from './xml.js';
import { parseRoomUri } from './uri.js';
import type { Reader } from './read.js';
import { AIB_MANAGER, AIB_MEMBER, decodeInvitation, encodeInvitation } from './rooms.js';

export interface NoticeRoom {
  uri: string;
  /** Listed with the operator key 12276 instead of the member key 3984. */
  manager: boolean;
}

export type XccosNotice =
  /** `user` arrived in `rooms` (one room for ntc:join, one or more for ntc:bjoin). */
  | { type: 'join' | 'bjoin'; user: string; rooms: NoticeRoom[] }
  /** `users` left the room `uri`. */
  | { type: 'part'; uri: string; users: string[] }
  /** PC-12 (pchat): new invitations for the receiving user (ChatRoomInvitationReceived). */
  | { type: 'pchat-inv'; invitations: Invitation[] };

export type XccosNoticeType = XccosNotice['type'];

const NOTICE_IDS: readonly string[] = ['ntc:join', 'ntc:bjoin', 'ntc:part', 'ntc:pchat-inv'];

export function encodeNotice(n: XccosNotice): string {
  return `<ntc id="ntc:${n.type}" seqid="1"><data>${noticeData(n)}</data></ntc>`;
}

function noticeData(n: XccosNotice): string {
  switch (n.type) {
    case 'join':
    case 'bjoin':
      return `<uib${attr('uri', n.user)}>${n.rooms
        .map((room) => {
          const { domain, value } = parseRoomUri(room.uri);
          return `<aib key="${room.manager ? AIB_MANAGER : AIB_MEMBER}"${attr('domain', domain)}${attr('value', value)}/>`;
        })
        .join('')}</uib>`;
    case 'part':
      return `<chanib${attr('uri', n.uri)}>${n.users.map((u) => `<uib${attr('uri', u)}/>`).join('')}</chanib>`;
    case 'pchat-inv':
      return n.invitations.map(encodeInvitation).join('');
  }
}

/** Decodes `<ntc>`; undefined for a notice id this codec does not know. */
export function decodeNotice(el: Element, r: Reader): XccosNotice | undefined {
  const id = r.str(el, 'id');
  if (!NOTICE_IDS.includes(id)) return undefined;
  const data = childElements(el, 'data')[0];
  if (!data) return r.fail('missing-argument', `<ntc id="${id}"> needs a <data> element.`);
  switch (id) {
    case 'ntc:join':
    case 'ntc:bjoin': {
      const uib = r.child(data, 'uib');
      const rooms = childElements(uib, 'aib').map((aib): NoticeRoom => {
        const uri = `ma-chan://${r.str(aib, 'domain')}/${r.str(aib, 'value')}`;
        r.wrap(() => parseRoomUri(uri));
        return { uri, manager: aib.attrs.key === AIB_MANAGER };
      });
      return { type: id === 'ntc:join' ? 'join' : 'bjoin', user: r.userUri(uib, 'uri'), rooms };
    }
    case 'ntc:part': {
      const ch = r.child(data, 'chanib');
      return {
        type: 'part',
        uri: r.roomUri(ch),
        users: childElements(ch, 'uib').map((u) => r.userUri(u, 'uri')),
      };
    }
    case 'ntc:pchat-inv':
      return {
        type: 'pchat-inv',
        invitations: childElements(data, 'inv').map((i) => decodeInvitation(i, r)),
      };
    default:
      return undefined;
  }
}
