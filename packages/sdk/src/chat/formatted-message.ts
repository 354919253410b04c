// FormattedOutboundChatMessage (PC-06; docs/sdk.md): a message built from parts — plain text, hyperlinks,
// room links, emoticons — optionally an alert and/or a story. `text` stays the plain rendering clients
// without part support (pidgin-sipe) show.
import type { MessagePart } from '@pchat/protocol';

/** ChatEmoticon: the emoticons the server accepts in formatted messages. */
export type ChatEmoticon =
  | 'Angry'
  | 'Confused'
  | 'Cool'
  | 'Crying'
  | 'Frown'
  | 'Kissing'
  | 'Laughing'
  | 'Shocked'
  | 'Smile'
  | 'Tongue'
  | 'Wink';

/** A message built part by part (UCMA FormattedOutboundChatMessage). */
export class FormattedOutboundChatMessage {
  private readonly parts: MessagePart[] = [];

  /** `isAlert`: high importance; `storyTitle`: send as a story with this title. */
  constructor(
    readonly isAlert = false,
    readonly storyTitle: string | null = null,
  ) {}

  /** Appends plain text. */
  appendPlainText(text: string): this {
    this.parts.push({ kind: 'text', text });
    return this;
  }

  /** Appends a hyperlink shown as `text`. */
  appendHyperLink(text: string, href: string): this {
    this.parts.push({ kind: 'link', text, href });
    return this;
  }

  /** Appends a link to a chat room (`ma-chan://…`). */
  appendChatRoomLink(text: string, roomUri: string): this {
    this.parts.push({ kind: 'room', text, uri: roomUri });
    return this;
  }

  /** Appends an emoticon (UCMA ChatEmoticon), rendered as `text` in plain clients. */
  appendEmoticon(name: ChatEmoticon, text = `(${name.toLowerCase()})`): this {
    this.parts.push({ kind: 'emoticon', text, name });
    return this;
  }

  /**
   * Appends a posted file (PC-15): `fileUri` as the upload answered it. Plain clients see the name, the
   * size and the link; the server checks that the file was uploaded to this room by the sender.
   */
  appendFileLink(fileName: string, fileUri: string, size: number): this {
    this.parts.push({
      kind: 'file',
      text: `${fileName} (${describeSize(size)}) ${fileUri}`,
      uri: fileUri,
      name: fileName,
      size,
    });
    return this;
  }

  /** The parts so far. */
  get messageParts(): readonly MessagePart[] {
    return this.parts;
  }

  /** The plain-text rendering. */
  get plainText(): string {
    return this.parts.map((p) => p.text).join('');
  }
}

/** A byte count for people: 999 bytes, 12 KB, 3.4 MB. */
export function describeSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
