// An example custom compliance adapter (docs/compliance.md, PC-74): writes one CSV file per batch,
// named after the batch so a retry replaces it, written to a temporary name and renamed into place.
//   pchat Set-CsPersistentChatComplianceConfiguration -Identity global \
//       -AdapterType /opt/pchat/examples/compliance-adapter.mjs -AdapterOutputDirectory /var/lib/pchat/csv
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let outputDirectory = '.';

/** Called once when the server loads the module, with the compliance configuration. */
export function setConfig(config) {
  outputDirectory = config.outputDirectory;
  mkdirSync(outputDirectory, { recursive: true });
}

const csv = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;

/** Called for every batch; throwing makes the server keep the batch and retry it later. */
export async function translate(conversations, { batchId }) {
  const lines = ['time,room,type,sender,content,messageId'];
  for (const c of conversations)
    for (const m of c.messages)
      lines.push(
        [new Date(m.ts).toISOString(), c.channel.uri, m.type, m.sender.uri, m.content, m.id ?? '']
          .map(csv)
          .join(','),
      );
  const name = `batch-${String(batchId).padStart(12, '0')}.csv`;
  const tmp = join(outputDirectory, `.${name}.tmp`);
  writeFileSync(tmp, lines.join('\n') + '\n');
  renameSync(tmp, join(outputDirectory, name));
}
