// The JSON Lines adapter: one line per event, one file per batch (PersistentChat-<batch>.jsonl), for
// archiving and search tools that ingest JSON Lines. Atomic and named after the batch like the XmlAdapter.
import type { ComplianceConversation } from './conversations.js';
import { batchBase, writeAtomic } from './output.js';
import type { Adapter, AdapterSettings } from './adapter.js';

export class JsonLinesAdapter implements Adapter {
  constructor(private readonly s: AdapterSettings) {}

  async translate(conversations: ComplianceConversation[], info: { batchId: number }): Promise<void> {
    const lines: { seq: number; line: string }[] = [];
    for (const c of conversations)
      for (const m of c.messages)
        lines.push({
          seq: m.seq,
          line: JSON.stringify({
            batch: info.batchId,
            seq: m.seq,
            type: m.type,
            time: new Date(m.ts).toISOString(),
            room: {
              uri: c.channel.uri,
              name: c.channel.name,
              ...(c.channel.details ? { details: c.channel.details } : {}),
            },
            sender: m.sender,
            content: m.content,
            ...(m.id !== null ? { messageId: m.id } : {}),
            ...(m.details ? { details: m.details } : {}),
          }),
        });
    lines.sort((a, b) => a.seq - b.seq);
    const text = lines.map((l) => l.line).join('\n') + '\n';
    writeAtomic(this.s.outputDirectory, `${batchBase(info.batchId)}.jsonl`, text);
  }
}
