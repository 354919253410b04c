// Replies the server sends (S→C): `<rpl id="rpl:<cmd>" seqid="1"><commandid seqid envid/>
// <resp code="200">SUCCESS_OK</resp><data>..</data></rpl>` (docs/xccos.md §4).
// pidgin-sipe reads only `id`, `resp@code` (500 when missing) and `data`; `commandid` is echoed as the
// Microsoft server does so that the SDK can match replies to its commands by envid.
import type { Element } from 'ltx';
import type {
  AddIn,
  CategoryInfo,
  ChatMessage,
  HistoryRoomResult,
  Invitation,
  JoinedRoom,
  Principal,
  PreferenceBundle,
  RoomDetails,
  RoomSummary,
  ServerInfo,
} from './model.js';
import { COMMAND_TYPES, type XccosCommandType } from './commands.js';
import { attr, childElements, escapeText, firstChild, textOf } from './xml.js';
import { formatXccosTime } from './time.js';
import { put, type Reader } from './read.js';
import { decodeMessage, encodeHistoryMessage } from './message.js';
import {
  decodeAddIn,
  decodeCategory,
  decodeInvitation,
  decodeJoinedRooms,
  decodePrincipal,
  decodeRoomDetails,
  decodeRoomSummary,
  decodeRoomVersion,
  encodeAddIn,
  encodeCategory,
  encodeInvitation,
  encodeJoinedRooms,
  encodePrincipal,
  encodeRoomDetails,
  encodeRoomSummary,
} from './rooms.js';

export interface ReplyDataMap {
  requri: { uri: string };
  getserverinfo: ServerInfo;
  getassociations: { rooms: RoomSummary[] };
  chansrch: { rooms: RoomSummary[] };
  join: { rooms: JoinedRoom[] };
  bjoin: { rooms: JoinedRoom[] };
  part: { uri: string };
  bccontext: { uri: string; messages: ChatMessage[] };
  getinv: { invitations: Invitation[] };
  /** PC-19: no `pref` when the caller's seqid is current (not modified). */
  getpref: { pref?: PreferenceBundle };
  setpref: { label: string; seqid: number };
  nodespermcreatechild: { categories: CategoryInfo[] };
  'pchat-searchhist': { results: HistoryRoomResult[] };
  /** `version` (pchat, PC-28): the room's version after the write; absent from older servers. */
  'pchat-createroom': { uri: string; version?: number };
  'pchat-updateroom': { uri: string; version?: number };
  'pchat-getroom': { room: RoomDetails };
  'pchat-addrole': Record<string, never>;
  'pchat-removerole': Record<string, never>;
  'pchat-getroles': { principals: Principal[] };
  'pchat-findprincipals': { principals: Principal[] };
  'pchat-getperms': { uri: string; permissions: string[] };
  'pchat-getaddins': { addins: AddIn[] };
  'pchat-getuser': { users: Principal[] };
  /** PC-15: where to send (POST) or fetch (GET) the bytes, once, before `expires`. */
  'pchat-fileupload': FileTransferLink;
  'pchat-filedownload': FileTransferLink;
}

/** A single-use transfer link (PC-15): the URL carries its token. */
export interface FileTransferLink {
  url: string;
  expires: Date;
}

export type XccosReplyType = keyof ReplyDataMap;

/** A reply. `data` is present on success and absent on an error reply (`code` ≠ 200). */
export type XccosReply = {
  [K in XccosReplyType]: {
    type: K;
    commandEnvid?: string;
    code: number;
    text: string;
    data?: ReplyDataMap[K];
  };
}[XccosReplyType];

// Every command but `grpchat` has a reply of the same name (a post is answered by its echo, not a reply), so
// the list is derived; the two assertions below fail to compile if the reply map and the commands drift apart.
export const REPLY_TYPES: readonly XccosReplyType[] = COMMAND_TYPES.filter(
  (t): t is XccosReplyType => t !== 'grpchat',
);
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const repliesMatchCommands: Same<XccosReplyType, Exclude<XccosCommandType, 'grpchat'>> = true;
void repliesMatchCommands;

export const SUCCESS_OK = 'SUCCESS_OK';

/** Builds a success reply: `okReply('join', envid, { rooms })`. */
export function okReply<K extends XccosReplyType>(
  type: K,
  commandEnvid: string | undefined,
  data: ReplyDataMap[K],
): XccosReply {
  const r = { type, code: 200, text: SUCCESS_OK, data } as XccosReply;
  if (commandEnvid !== undefined) r.commandEnvid = commandEnvid;
  return r;
}

// ---- encode ----

/** `<rpl>` element for any reply id, known or not (used for correlated errors to unknown commands). */
export function encodeRplElement(
  replyId: string,
  commandEnvid: string | undefined,
  code: number,
  text: string,
  data?: string,
): string {
  const cmdid = commandEnvid === undefined ? '' : `<commandid seqid="1"${attr('envid', commandEnvid)}/>`;
  return `<rpl${attr('id', replyId)} seqid="1">${cmdid}<resp code="${code}">${escapeText(text)}</resp>${data === undefined ? '' : `<data>${data}</data>`}</rpl>`;
}

export function encodeReply(r: XccosReply): string {
  return encodeRplElement(
    `rpl:${r.type}`,
    r.commandEnvid,
    r.code,
    r.text,
    r.data === undefined ? undefined : encodeReplyData(r),
  );
}

const list = <T>(xs: readonly T[], f: (x: T) => string): string => xs.map(f).join('');
const chanib = (uri: string): string => `<chanib${attr('uri', uri)}/>`;

function encodeReplyData(r: XccosReply): string {
  // `data` is defined here (checked by the caller); the casts narrow the mapped union per case.
  switch (r.type) {
    case 'requri':
      return `<uib${attr('uri', r.data!.uri)}/>`;
    case 'getserverinfo': {
      const s = r.data!;
      return (
        `<sib${attr('infoType', s.infoType)} serverTime="${formatXccosTime(s.serverTime)}" searchLimit="${s.searchLimit}"` +
        ` messageSizeLimit="${s.messageSizeLimit}" storySizeLimit="${s.storySizeLimit}"${attr('rootUri', s.rootUri)}` +
        `${attr('dbVersion', s.dbVersion)}${attr('displayName', s.displayName)}${attr('roomManagementUrl', s.roomManagementUrl)}` +
        `${attr('domain', s.domain)}/>`
      );
    }
    case 'getassociations':
    case 'chansrch':
      return list(r.data!.rooms, encodeRoomSummary);
    case 'join':
    case 'bjoin':
      return encodeJoinedRooms(r.data!.rooms);
    case 'part':
      return chanib(r.data!.uri);
    case 'pchat-createroom':
    case 'pchat-updateroom':
      return `<chanib${attr('uri', r.data!.uri)}${attr('version', r.data!.version)}/>`;
    case 'bccontext':
      return encodeBccontextData(r.data!.uri, r.data!.messages.map(encodeHistoryMessage));
    case 'getinv':
      return list(r.data!.invitations, encodeInvitation);
    case 'getpref': {
      const p = r.data!.pref;
      return p === undefined
        ? ''
        : `<pref${attr('label', p.label)} seqid="${p.seqid}"${attr('content', p.content)}/>`;
    }
    case 'setpref':
      return `<pref${attr('label', r.data!.label)} seqid="${r.data!.seqid}"/>`;
    case 'nodespermcreatechild':
      return list(r.data!.categories, encodeCategory);
    case 'pchat-searchhist':
      return list(
        r.data!.results,
        (h) =>
          `<chanib${attr('uri', h.uri)}${attr('name', h.name)} total="${h.total}" exceeded="${h.exceeded}">${list(h.messages, encodeHistoryMessage)}</chanib>`,
      );
    case 'pchat-getroom':
      return encodeRoomDetails(r.data!.room);
    case 'pchat-addrole':
    case 'pchat-removerole':
      return '';
    case 'pchat-getroles':
    case 'pchat-findprincipals':
      return list(r.data!.principals, encodePrincipal);
    case 'pchat-getperms':
      return `<chanib${attr('uri', r.data!.uri)}>${list(r.data!.permissions, (p) => `<perm${attr('id', p)}/>`)}</chanib>`;
    case 'pchat-getaddins':
      return list(r.data!.addins, encodeAddIn);
    case 'pchat-getuser':
      return list(r.data!.users, encodePrincipal);
    case 'pchat-fileupload':
    case 'pchat-filedownload':
      return `<filetoken${attr('url', r.data!.url)} expires="${formatXccosTime(r.data!.expires)}"/>`;
  }
}

/**
 * The `<data>` content of `rpl:bccontext` from already-serialized history entries: the server can cache
 * each message's `encodeHistoryMessage` string and build a 50-message reply by concatenation.
 */
export function encodeBccontextData(uri: string, encodedMessages: readonly string[]): string {
  return `<chanib${attr('uri', uri)}>${encodedMessages.join('')}</chanib>`;
}

// ---- decode (SDK side) ----

/** Decodes `<rpl>`; returns undefined for a reply id this codec does not know (the caller logs and skips it). */
export function decodeReply(el: Element, r: Reader): XccosReply | undefined {
  const id = r.str(el, 'id');
  // COMPAT(lync): pidgin-sipe's notes quote the Microsoft server answering getserverinfo as "rpl:getservinfo".
  const type = (id === 'rpl:getservinfo' ? 'getserverinfo' : id.slice(4)) as XccosReplyType;
  if (!id.startsWith('rpl:') || !REPLY_TYPES.includes(type)) return undefined;
  const resp = firstChild(el, 'resp');
  // COMPAT(pidgin-sipe): a missing resp code counts as 500, as the client does.
  const code = resp ? r.int(resp, 'code') : 500;
  const reply = { type, code, text: resp ? textOf(resp) : '' } as XccosReply;
  const cmdid = firstChild(el, 'commandid');
  if (cmdid) put(reply, 'commandEnvid', r.optStr(cmdid, 'envid'));
  const data = firstChild(el, 'data');
  if (data) (reply as { data?: unknown }).data = decodeReplyData(type, data, r);
  return reply;
}

function decodeReplyData(type: XccosReplyType, d: Element, r: Reader): unknown {
  const kids = (name: string): Element[] => childElements(d, name);
  switch (type) {
    case 'requri':
      return { uri: r.userUri(r.child(d, 'uib'), 'uri') };
    case 'getserverinfo': {
      const sib = r.child(d, 'sib');
      const s: ServerInfo = {
        serverTime: r.time(sib, 'serverTime'),
        searchLimit: r.int(sib, 'searchLimit'),
        messageSizeLimit: r.int(sib, 'messageSizeLimit'),
        storySizeLimit: r.int(sib, 'storySizeLimit'),
        rootUri: r.categoryUri(sib, 'rootUri'),
        dbVersion: r.str(sib, 'dbVersion'),
      };
      put(s, 'infoType', r.optStr(sib, 'infoType'));
      put(s, 'displayName', r.optStr(sib, 'displayName'));
      put(s, 'roomManagementUrl', r.optStr(sib, 'roomManagementUrl'));
      put(s, 'domain', r.optStr(sib, 'domain'));
      return s;
    }
    case 'getassociations':
    case 'chansrch':
      return { rooms: kids('chanib').map((c) => decodeRoomSummary(c, r)) };
    case 'join':
    case 'bjoin':
      return { rooms: decodeJoinedRooms(d, r) };
    case 'part':
      return { uri: r.roomUri(r.child(d, 'chanib')) };
    case 'pchat-createroom':
    case 'pchat-updateroom': {
      const ch = r.child(d, 'chanib');
      const out: { uri: string; version?: number } = { uri: r.roomUri(ch) };
      put(out, 'version', decodeRoomVersion(ch, r));
      return out;
    }
    case 'bccontext': {
      const ch = r.child(d, 'chanib');
      // COMPAT(pidgin-sipe): only chanib/msg[@id="grpchat"] entries are messages.
      return {
        uri: r.roomUri(ch),
        messages: childElements(ch, 'msg')
          .filter((m) => m.attrs.id === 'grpchat')
          .map((m) => decodeMessage(m, r)),
      };
    }
    case 'getinv':
      return { invitations: kids('inv').map((i) => decodeInvitation(i, r)) };
    case 'getpref': {
      const p = firstChild(d, 'pref');
      return p
        ? { pref: { label: r.str(p, 'label'), seqid: r.int(p, 'seqid'), content: r.str(p, 'content') } }
        : {};
    }
    case 'setpref': {
      const p = r.child(d, 'pref');
      return { label: r.str(p, 'label'), seqid: r.int(p, 'seqid') };
    }
    case 'nodespermcreatechild':
      return { categories: kids('catib').map((c) => decodeCategory(c, r)) };
    case 'pchat-searchhist':
      return {
        results: kids('chanib').map((c): HistoryRoomResult => {
          const h: HistoryRoomResult = {
            uri: r.roomUri(c),
            total: r.int(c, 'total'),
            exceeded: r.bool(c, 'exceeded'),
            messages: childElements(c, 'msg').map((m) => decodeMessage(m, r)),
          };
          put(h, 'name', r.optStr(c, 'name'));
          return h;
        }),
      };
    case 'pchat-getroom': {
      const room = decodeRoomDetails(r.child(d, 'chanib'), r);
      if (room.uri === undefined) r.fail('missing-argument', 'rpl:pchat-getroom needs <chanib uri>.');
      return { room };
    }
    case 'pchat-addrole':
    case 'pchat-removerole':
      return {};
    case 'pchat-getroles':
    case 'pchat-findprincipals':
      return { principals: kids('uib').map((u) => decodePrincipal(u, r)) };
    case 'pchat-getperms': {
      const ch = r.child(d, 'chanib');
      return { uri: r.roomUri(ch), permissions: childElements(ch, 'perm').map((p) => r.str(p, 'id')) };
    }
    case 'pchat-getaddins':
      return { addins: kids('addin').map((a) => decodeAddIn(a, r)) };
    case 'pchat-getuser':
      return { users: kids('uib').map((u) => decodePrincipal(u, r)) };
    case 'pchat-fileupload':
    case 'pchat-filedownload': {
      const t = r.child(d, 'filetoken');
      return { url: r.str(t, 'url'), expires: r.time(t, 'expires') };
    }
  }
}
