// The storage conformance suite: every contract of packages/domain/src/ports/store.ts, run against a driver.
import type { DriverUnderTest } from './harness.js';
import { complianceContracts } from './compliance.js';
import { contactContracts } from './contacts.js';
import { directoryContracts } from './directory.js';
import { fileContracts } from './files.js';
import { directoryNameContracts } from './directory-names.js';
import { messageContracts } from './messages.js';
import { nodeContracts } from './nodes.js';
import { roomContracts } from './rooms.js';
import { searchContracts } from './search.js';
import { topologyContracts } from './topology.js';
import { transactionContracts } from './transactions.js';
import { webSessionContracts } from './web-sessions.js';

export type { DriverUnderTest, Fresh } from './harness.js';

export function runConformance(d: DriverUnderTest): void {
  directoryContracts(d);
  directoryNameContracts(d);
  topologyContracts(d);
  roomContracts(d);
  messageContracts(d);
  searchContracts(d);
  transactionContracts(d);
  fileContracts(d);
  complianceContracts(d);
  nodeContracts(d);
  contactContracts(d);
  webSessionContracts(d);
}
