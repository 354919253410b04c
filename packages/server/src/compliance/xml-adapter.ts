// The XmlAdapter (PC-72, PC-73): one file per batch (or per room and batch with OneChatRoomPerOutputFile)
// in the documented shape, Conversations/Conversation/{Channel, FirstMessage, Messages, StartTimeUTC,
// EndTimeUTC}; the schema is docs/compliance.xsd. With CreateFileAttachmentsManifest, the file events of a
// batch are also listed in a `.ATTACH` manifest beside it. File names derive from the batch id, so a
// batch retried after a crash rewrites the same files: no duplicates.
import type { ComplianceConversation, ComplianceMessage } from './conversations.js';
import { batchBase, writeAtomic } from './output.js';
import type { Adapter, AdapterSettings } from './adapter.js';

// XML 1.0 (§2.2 Char) cannot carry most C0 controls, U+FFFE/U+FFFF nor lone surrogates: U+FFFD instead.
function xmlChars(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += v.slice(i, i + 2);
        i++;
      } else out += '\uFFFD';
    } else if (
      (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) ||
      (c >= 0xdc00 && c <= 0xdfff) ||
      c >= 0xfffe
    )
      out += '\uFFFD';
    else out += v[i];
  }
  return out;
}

/** Attribute value: markup characters and the whitespace that attribute normalisation would eat. */
export function attr(v: string): string {
  return xmlChars(v)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** .NET ticks (100 ns since 0001-01-01) of an epoch-ms time: the `long` form of DateTimeUTC. */
const ticks = (ms: number) => (BigInt(ms) * 10_000n + 621_355_968_000_000_000n).toString();

function time(tag: string, ms: number): string {
  return `<${tag} since1970="${ms}" string="${new Date(ms).toISOString()}" long="${ticks(ms)}"/>`;
}

function message(tag: string, m: ComplianceMessage): string {
  const s = m.sender;
  const d = s.details;
  const senderAttrs =
    `UserName="${attr(s.userName)}" id="${attr(s.id)}"` +
    (d?.email ? ` email="${attr(d.email)}"` : '') +
    ` internal="${s.internal}" uri="${attr(s.uri)}"` +
    (d ? ` displayName="${attr(d.displayName)}"` + (d.company ? ` company="${attr(d.company)}"` : '') : '');
  const id = m.id !== null && m.type !== 'JOIN' && m.type !== 'PART' ? ` id="${m.id}"` : '';
  const details = m.details ? ` details="${attr(JSON.stringify(m.details))}"` : '';
  return (
    `<${tag} type="${m.type}" content="${attr(m.content)}"${id} seq="${m.seq}"${details}>` +
    `<Sender ${senderAttrs}/>${time('DateTimeUTC', m.ts)}</${tag}>`
  );
}

function conversation(c: ComplianceConversation): string {
  const ch = c.channel;
  const det = ch.details
    ? `<ChatRoomDetails description="${attr(ch.details.description)}" category="${attr(ch.details.category)}" privacy="${ch.details.privacy}" type="${ch.details.type}" disabled="${ch.details.disabled}"/>`
    : '';
  const channel = det
    ? `<Channel uri="${attr(ch.uri)}" name="${attr(ch.name)}">${det}</Channel>`
    : `<Channel uri="${attr(ch.uri)}" name="${attr(ch.name)}"/>`;
  const first = c.messages[0] as ComplianceMessage;
  return (
    `  <Conversation>\n    ${channel}\n    ${message('FirstMessage', first)}\n    <Messages>\n` +
    c.messages.map((m) => `      ${message('Message', m)}\n`).join('') +
    `    </Messages>\n    ${time('StartTimeUTC', c.startTs)}\n    ${time('EndTimeUTC', c.endTs)}\n  </Conversation>\n`
  );
}

export function toXml(batchId: number, conversations: readonly ComplianceConversation[]): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<Conversations batch="${batchId}">\n` +
    conversations.map(conversation).join('') +
    `</Conversations>\n`
  );
}

export function toAttachManifest(
  batchId: number,
  conversations: readonly ComplianceConversation[],
): string | null {
  const files = conversations.flatMap((c) =>
    c.messages
      .filter((m) => m.type === 'FILEUPLOAD' || m.type === 'FILEDOWNLOAD')
      .map((m) => {
        const uri = typeof m.details?.fileUri === 'string' ? ` fileUri="${attr(m.details.fileUri)}"` : '';
        return (
          `  <Attachment type="${m.type}" fileName="${attr(m.content)}"${uri} channel="${attr(c.channel.uri)}"` +
          ` sender="${attr(m.sender.uri)}" seq="${m.seq}" since1970="${m.ts}"/>\n`
        );
      }),
  );
  if (files.length === 0) return null;
  return `<?xml version="1.0" encoding="utf-8"?>\n<Attachments batch="${batchId}">\n${files.join('')}</Attachments>\n`;
}

/** A file-name-safe form of a room id. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);

export class XmlAdapter implements Adapter {
  constructor(private readonly s: AdapterSettings) {}

  async translate(conversations: ComplianceConversation[], info: { batchId: number }): Promise<void> {
    const base = batchBase(info.batchId);
    const groups = this.s.oneChatRoomPerOutputFile
      ? conversations.map((c) => ({ name: `${base}-${slug(c.channel.roomId)}`, convs: [c] }))
      : [{ name: base, convs: conversations }];
    for (const g of groups) {
      if (this.s.createFileAttachmentsManifest) {
        const manifest = toAttachManifest(info.batchId, g.convs);
        if (manifest) writeAtomic(this.s.outputDirectory, `${g.name}.ATTACH`, manifest);
      }
      // The XML last: a reader that sees the .xml also finds its manifest.
      writeAtomic(this.s.outputDirectory, `${g.name}.xml`, toXml(info.batchId, g.convs));
    }
  }
}
