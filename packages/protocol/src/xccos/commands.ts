// Commands a client sends (C→S), typed, with one encoder (SDK) and one decoder (server).
// Wire shapes: docs/xccos.md §3 for the pidgin-sipe set; the rest is
// documented per command in docs/protocol-notes.md (MS-XCCOSIP names where known, else `cmd:pchat-*`).
import type { Element } from 'ltx';
import type { ChatMessage, HistoryQuery, RoomDetails, RoomQuery, RoomRole } from './model.js';
import { attr, childElements, firstChild } from './xml.js';
import { formatXccosTime } from './time.js';
import { parseRoomUri } from './uri.js';
import { put, type Reader } from './read.js';
import { decodeMessage, encodeGrpchat } from './message.js';
import { BEHAVIORS, decodeRoomDetails, encodeRoomDetails, INVITATION_SETTINGS, PRIVACIES } from './rooms.js';

export type XccosCommand =
  | { type: 'requri' }
  | { type: 'getserverinfo'; domain: string; infoType: string }
  | { type: 'getassociations'; role: 'member' | 'manager' }
  | { type: 'chansrch'; query: RoomQuery; maxResults?: number }
  | { type: 'join'; uri: string }
  | { type: 'bjoin'; uris: string[] }
  | { type: 'part'; uri: string }
  | { type: 'bccontext'; uri: string; count: number; beforeMessageId?: string }
  | { type: 'grpchat'; message: ChatMessage }
  | { type: 'getinv'; inviteId: number; domain: string }
  | { type: 'getpref'; label: string; seqid?: number; createDefault?: boolean }
  | { type: 'setpref'; label: string; seqid: number; content: string }
  | { type: 'nodespermcreatechild' }
  | { type: 'pchat-searchhist'; query: HistoryQuery }
  | { type: 'pchat-createroom'; room: Omit<RoomDetails, 'uri' | 'version'> }
  /** `room.version`: the version the client read (PC-28); absent from older clients (the legacy path). */
  | { type: 'pchat-updateroom'; room: RoomDetails }
  | { type: 'pchat-getroom'; uri: string }
  | { type: 'pchat-addrole'; uri: string; role: RoomRole; principals: string[] }
  | { type: 'pchat-removerole'; uri: string; role: RoomRole; principals: string[] }
  | { type: 'pchat-getroles'; uri: string; role: RoomRole }
  | { type: 'pchat-findprincipals'; uri: string; role: RoomRole; query: string; maxResults?: number }
  | { type: 'pchat-getperms'; uri: string }
  | { type: 'pchat-getaddins' }
  | { type: 'pchat-getuser'; uris: string[] }
  /** PC-15: a single-use upload link for a file of `size` bytes to be posted in the room. */
  | { type: 'pchat-fileupload'; uri: string; name: string; size: number; contentType?: string }
  /** PC-15: a single-use download link for a file posted in the room (`fileUri` from its file part). */
  | { type: 'pchat-filedownload'; uri: string; fileUri: string };

export type XccosCommandType = XccosCommand['type'];

export const COMMAND_TYPES: readonly XccosCommandType[] = [
  'requri',
  'getserverinfo',
  'getassociations',
  'chansrch',
  'join',
  'bjoin',
  'part',
  'bccontext',
  'grpchat',
  'getinv',
  'getpref',
  'setpref',
  'nodespermcreatechild',
  'pchat-searchhist',
  'pchat-createroom',
  'pchat-updateroom',
  'pchat-getroom',
  'pchat-addrole',
  'pchat-removerole',
  'pchat-getroles',
  'pchat-findprincipals',
  'pchat-getperms',
  'pchat-getaddins',
  'pchat-getuser',
  'pchat-fileupload',
  'pchat-filedownload',
];

/** Wire id of a command: `cmd:<type>`, except `grpchat`, which is its own element. */
export function commandId(type: XccosCommandType): string {
  return type === 'grpchat' ? 'grpchat' : `cmd:${type}`;
}

/** The reply id the server answers a command id with: `cmd:join` → `rpl:join` (also for unknown ids). */
export function replyIdFor(commandId: string): string {
  return commandId.startsWith('cmd:') ? `rpl:${commandId.slice(4)}` : `rpl:${commandId}`;
}

const ROLES: readonly RoomRole[] = ['member', 'manager', 'presenter'];

// ---- encode (SDK side) ----

/** The payload element of a command (`<cmd>` or `<grpchat>`), without the envelope. */
export function encodeCommand(c: XccosCommand): string {
  if (c.type === 'grpchat') return encodeGrpchat(c.message);
  // COMPAT(pidgin-sipe): seqid is always "1"; replies are matched by envid (commandid), not seqid.
  return `<cmd id="cmd:${c.type}" seqid="1">${commandData(c)}</cmd>`;
}

function chanib(uri: string): string {
  return `<chanib${attr('uri', uri)}/>`;
}

/** `<chanid key domain value/>`: how join/bjoin name a room (the client splits the ma-chan URI). */
function chanid(uri: string, key: number): string {
  const { domain, value } = parseRoomUri(uri);
  return `<chanid key="${key}"${attr('domain', domain)}${attr('value', value)}/>`;
}

function commandData(c: Exclude<XccosCommand, { type: 'grpchat' }>): string {
  switch (c.type) {
    case 'requri':
    case 'nodespermcreatechild':
    case 'pchat-getaddins':
      return '<data/>';
    case 'getserverinfo':
      return `<data><sib${attr('domain', c.domain)}${attr('infoType', c.infoType)}/></data>`;
    case 'getassociations':
      return `<data><assoc${attr('role', c.role)}/></data>`;
    case 'chansrch':
      return `<data>${encodeQuery(c.query, c.maxResults)}</data>`;
    case 'join':
      return `<data>${chanid(c.uri, 0)}</data>`;
    case 'bjoin':
      return `<data>${c.uris.map(chanid).join('')}</data>`;
    case 'part':
      return `<data>${chanib(c.uri)}</data>`;
    case 'bccontext':
      return `<data>${chanib(c.uri)}<bcq><last cnt="${c.count}"${attr('before', c.beforeMessageId)}/></bcq></data>`;
    case 'getinv':
      return `<data><inv inviteId="${c.inviteId}"${attr('domain', c.domain)}/></data>`;
    case 'getpref':
      return `<data><pref${attr('label', c.label)}${attr('seqid', c.seqid)}${attr('createdefault', c.createDefault)}/></data>`;
    case 'setpref':
      return `<data><pref${attr('label', c.label)}${attr('seqid', c.seqid)} createdefault="false"${attr('content', c.content)}/></data>`;
    case 'pchat-searchhist':
      return `<data>${encodeHistoryQuery(c.query)}</data>`;
    case 'pchat-createroom': {
      // A new room has no URI and no version yet; neither travels even if the caller's object has one.
      const { uri: _uri, version: _version, ...room } = c.room as RoomDetails;
      void _uri;
      void _version;
      return `<data>${encodeRoomDetails(room)}</data>`;
    }
    case 'pchat-updateroom':
      return `<data>${encodeRoomDetails(c.room)}</data>`;
    case 'pchat-getroom':
    case 'pchat-getperms':
      return `<data>${chanib(c.uri)}</data>`;
    case 'pchat-addrole':
    case 'pchat-removerole':
      return `<data><chanib${attr('uri', c.uri)}><role${attr('id', c.role)}>${c.principals.map((p) => `<uib${attr('uri', p)}/>`).join('')}</role></chanib></data>`;
    case 'pchat-getroles':
      return `<data><chanib${attr('uri', c.uri)}><role${attr('id', c.role)}/></chanib></data>`;
    case 'pchat-findprincipals':
      return `<data><chanib${attr('uri', c.uri)}><role${attr('id', c.role)}/></chanib><qib${attr('criteria', c.query)}${attr('maxResults', c.maxResults)}/></data>`;
    case 'pchat-getuser':
      return `<data>${c.uris.map((u) => `<uib${attr('uri', u)}/>`).join('')}</data>`;
    case 'pchat-fileupload':
      return `<data>${chanib(c.uri)}<file${attr('name', c.name)} size="${c.size}"${attr('type', c.contentType)}/></data>`;
    case 'pchat-filedownload':
      return `<data>${chanib(c.uri)}<file${attr('uri', c.fileUri)}/></data>`;
  }
}

function encodeQuery(q: RoomQuery, maxResults: number | undefined): string {
  const max = attr('maxResults', maxResults);
  switch (q.qtype) {
    case 'BYNAME':
      return `<qib qtype="BYNAME"${attr('criteria', q.criteria)} extended="${q.extended}"${attr('matchAll', q.matchAll)}${attr('exactPhrase', q.exactPhrase)}${max}/>`;
    case 'BYCAT':
      return `<qib qtype="BYCAT"${attr('criteria', q.categoryUri)}${max}/>`;
    case 'BYINV':
      return `<qib qtype="BYINV"${attr('lastInviteId', q.lastInviteId)}${max}/>`;
    case 'BYJOINEDUSER':
      return `<qib qtype="BYJOINEDUSER"${attr('criteria', q.userUri)}${max}/>`;
    case 'MANAGED':
    case 'MEMBER':
      return `<qib qtype="${q.qtype}"${max}/>`;
    case 'BYFILTER': {
      const f = q.filter;
      return (
        `<qib qtype="BYFILTER"${attr('criteria', f.terms)}${attr('extended', f.searchDescription)}${attr('member', f.memberUri)}` +
        `${attr('manager', f.managerUri)}${attr('category', f.categoryUri)}${attr('addin', f.addinId)}${attr('disabled', f.disabled)}` +
        `${attr('privacy', f.privacy)}${attr('behavior', f.behavior)}${attr('invitations', f.invitations)}${max}/>`
      );
    }
  }
}

function encodeHistoryQuery(q: HistoryQuery): string {
  const t = (d: Date | undefined): string | undefined => (d === undefined ? undefined : formatXccosTime(d));
  return (
    `<hsq${attr('terms', q.terms)}${attr('exact', q.exactPhrase)}${attr('case', q.caseSensitive)}${attr('from', t(q.from))}` +
    `${attr('to', t(q.to))}${attr('startMsgId', q.startMessageId)}${attr('searchReversed', q.searchReversed)}` +
    `${attr('sortReversed', q.sortReversed)}${attr('limit', q.limit)}>` +
    q.rooms.map(chanib).join('') +
    (q.authors ?? []).map((a) => `<uib${attr('uri', a)}/>`).join('') +
    '</hsq>'
  );
}

// ---- decode (server side) ----

/** Decodes a `<cmd>` or `<grpchat>` element. Unknown ids throw 'unknown-command' carrying the id. */
export function decodeCommandElement(el: Element, r: Reader): XccosCommand {
  if (el.name === 'grpchat') return { type: 'grpchat', message: decodeMessage(el, r) };
  const id = r.ctx.commandId ?? '';
  const type = id.slice(4) as XccosCommandType;
  if (!id.startsWith('cmd:') || type === 'grpchat' || !COMMAND_TYPES.includes(type)) {
    r.fail(
      'unknown-command',
      `Unknown XCCOS command "${id}"; this server speaks ${COMMAND_TYPES.map(commandId).join(', ')}.`,
    );
  }
  const data = firstChild(el, 'data');
  const need = (name: string): Element =>
    r.child(data ?? r.fail('missing-argument', `${id} needs a <data> element.`), name);
  const uriOf = (name = 'chanib'): string => r.roomUri(need(name));
  switch (type) {
    case 'requri':
    case 'nodespermcreatechild':
    case 'pchat-getaddins':
      return { type };
    case 'getserverinfo': {
      const sib = need('sib');
      return { type, domain: r.str(sib, 'domain'), infoType: r.str(sib, 'infoType') };
    }
    case 'getassociations': {
      // Lenient: the Microsoft client's shape is not known to us; without <assoc> we answer member rooms.
      const assoc = data ? firstChild(data, 'assoc') : undefined;
      return { type, role: (assoc && r.oneOf(assoc, 'role', ['member', 'manager'] as const)) ?? 'member' };
    }
    case 'chansrch': {
      const qib = need('qib');
      const c: XccosCommand = { type, query: decodeQuery(qib, r) };
      put(c, 'maxResults', r.optInt(qib, 'maxResults'));
      return c;
    }
    case 'join':
      return { type, uri: decodeChanid(need('chanid'), r) };
    case 'bjoin':
      return { type, uris: childElements(data ?? need('data'), 'chanid').map((c) => decodeChanid(c, r)) };
    case 'part':
    case 'pchat-getroom':
    case 'pchat-getperms':
      return { type, uri: uriOf() };
    case 'bccontext': {
      const last = r.child(need('bcq'), 'last');
      const c: XccosCommand = { type, uri: uriOf(), count: r.int(last, 'cnt') };
      put(c, 'beforeMessageId', r.optStr(last, 'before'));
      return c;
    }
    case 'getinv': {
      const inv = need('inv');
      return { type, inviteId: r.int(inv, 'inviteId'), domain: r.str(inv, 'domain') };
    }
    case 'getpref': {
      const pref = need('pref');
      const c: XccosCommand = { type, label: r.str(pref, 'label') };
      put(c, 'seqid', r.optInt(pref, 'seqid'));
      put(c, 'createDefault', r.optBool(pref, 'createdefault'));
      return c;
    }
    case 'setpref': {
      const pref = need('pref');
      return {
        type,
        label: r.str(pref, 'label'),
        seqid: r.int(pref, 'seqid'),
        content: r.str(pref, 'content'),
      };
    }
    case 'pchat-searchhist':
      return { type, query: decodeHistoryQuery(need('hsq'), r) };
    case 'pchat-createroom': {
      const { uri: _uri, version: _version, ...room } = decodeRoomDetails(need('chanib'), r);
      void _uri;
      void _version;
      return { type, room };
    }
    case 'pchat-updateroom': {
      const room = decodeRoomDetails(need('chanib'), r);
      if (room.uri === undefined) r.fail('missing-argument', `${id} needs <chanib uri>.`);
      return { type, room: room as RoomDetails };
    }
    case 'pchat-addrole':
    case 'pchat-removerole':
    case 'pchat-getroles':
    case 'pchat-findprincipals': {
      const ch = need('chanib');
      const roleEl = r.child(ch, 'role');
      const role = r.oneOf(roleEl, 'id', ROLES) ?? r.fail('missing-argument', `${id} needs <role id>.`);
      // findprincipals may name a category (ma-cat://) to pick role holders of a room not created yet.
      const uri =
        type === 'pchat-findprincipals' && String(ch.attrs.uri ?? '').startsWith('ma-cat:')
          ? r.categoryUri(ch, 'uri')
          : r.roomUri(ch);
      if (type === 'pchat-getroles') return { type, uri, role };
      if (type === 'pchat-findprincipals') {
        const qib = need('qib');
        const c: XccosCommand = { type, uri, role, query: r.str(qib, 'criteria') };
        put(c, 'maxResults', r.optInt(qib, 'maxResults'));
        return c;
      }
      return { type, uri, role, principals: childElements(roleEl, 'uib').map((u) => r.str(u, 'uri')) };
    }
    case 'pchat-getuser':
      return { type, uris: childElements(data ?? need('data'), 'uib').map((u) => r.userUri(u, 'uri')) };
    case 'pchat-fileupload': {
      const file = need('file');
      const c: XccosCommand = { type, uri: uriOf(), name: r.str(file, 'name'), size: r.int(file, 'size') };
      put(c, 'contentType', r.optStr(file, 'type'));
      return c;
    }
    case 'pchat-filedownload':
      return { type, uri: uriOf(), fileUri: r.str(need('file'), 'uri') };
  }
  return r.fail('unknown-command', `Unknown XCCOS command "${id}".`);
}

function decodeChanid(el: Element, r: Reader): string {
  const uri = `ma-chan://${r.str(el, 'domain')}/${r.str(el, 'value')}`;
  r.wrap(() => parseRoomUri(uri));
  return uri;
}

const QTYPES = ['BYNAME', 'BYCAT', 'BYINV', 'BYJOINEDUSER', 'MANAGED', 'MEMBER', 'BYFILTER'] as const;

function decodeQuery(q: Element, r: Reader): RoomQuery {
  const qtype = r.oneOf(q, 'qtype', QTYPES) ?? r.fail('missing-argument', '<qib> needs the attribute qtype.');
  switch (qtype) {
    case 'BYNAME': {
      const out: RoomQuery = {
        qtype,
        criteria: r.optStr(q, 'criteria') ?? '',
        extended: r.optBool(q, 'extended') ?? false,
      };
      put(out, 'matchAll', r.optBool(q, 'matchAll'));
      put(out, 'exactPhrase', r.optBool(q, 'exactPhrase'));
      return out;
    }
    case 'BYCAT':
      return { qtype, categoryUri: r.categoryUri(q, 'criteria') };
    case 'BYINV': {
      const out: RoomQuery = { qtype };
      put(out, 'lastInviteId', r.optInt(q, 'lastInviteId'));
      return out;
    }
    case 'BYJOINEDUSER':
      return { qtype, userUri: r.userUri(q, 'criteria') };
    case 'MANAGED':
    case 'MEMBER':
      return { qtype };
    case 'BYFILTER': {
      const f: Extract<RoomQuery, { qtype: 'BYFILTER' }>['filter'] = {};
      put(f, 'terms', r.optStr(q, 'criteria'));
      put(f, 'searchDescription', r.optBool(q, 'extended'));
      put(f, 'memberUri', r.optStr(q, 'member'));
      put(f, 'managerUri', r.optStr(q, 'manager'));
      put(f, 'categoryUri', r.optStr(q, 'category') === undefined ? undefined : r.categoryUri(q, 'category'));
      put(f, 'addinId', r.optStr(q, 'addin'));
      put(f, 'disabled', r.optBool(q, 'disabled'));
      put(f, 'privacy', r.oneOf(q, 'privacy', PRIVACIES));
      put(f, 'behavior', r.oneOf(q, 'behavior', BEHAVIORS));
      put(f, 'invitations', r.oneOf(q, 'invitations', INVITATION_SETTINGS));
      return { qtype, filter: f };
    }
  }
}

function decodeHistoryQuery(h: Element, r: Reader): HistoryQuery {
  const q: HistoryQuery = { rooms: childElements(h, 'chanib').map((c) => r.roomUri(c)) };
  put(q, 'terms', r.optStr(h, 'terms'));
  put(q, 'exactPhrase', r.optBool(h, 'exact'));
  put(q, 'caseSensitive', r.optBool(h, 'case'));
  const authors = childElements(h, 'uib');
  if (authors.length) q.authors = authors.map((a) => r.userUri(a, 'uri'));
  put(q, 'from', r.optTime(h, 'from'));
  put(q, 'to', r.optTime(h, 'to'));
  put(q, 'startMessageId', r.optStr(h, 'startMsgId'));
  put(q, 'searchReversed', r.optBool(h, 'searchReversed'));
  put(q, 'sortReversed', r.optBool(h, 'sortReversed'));
  put(q, 'limit', r.optInt(h, 'limit'));
  return q;
}
