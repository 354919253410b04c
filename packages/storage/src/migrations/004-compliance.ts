// Schema version 4: the compliance queue (PC-70, PC-75). One row per recorded event, pool-wide; a
// batch is formed by stamping batch_id on claim, leased to one node (lease_owner until lease_until), and
// the rows are deleted once the adapter succeeded. No foreign key to rooms: deleting a room must not
// drop what compliance has not processed yet.
import type { DialectName } from '../dialect.js';

export function complianceQueue(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const serial = d === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
  return [
    `CREATE TABLE compliance_events (seq ${serial}, ts ${big} NOT NULL, type TEXT NOT NULL,
      room_id TEXT NOT NULL, room_uri TEXT NOT NULL, user_uri TEXT NOT NULL, content TEXT NOT NULL,
      message_id ${big}, details TEXT, batch_id ${big}, lease_owner TEXT, lease_until ${big},
      attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)`,
    `CREATE INDEX compliance_events_batch ON compliance_events (batch_id, seq)`,
    `CREATE INDEX compliance_events_lease ON compliance_events (lease_until)`,
  ];
}
