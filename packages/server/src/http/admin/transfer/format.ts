// The export file (Export-/Import-CsPersistentChatData, PC-49): NDJSON, one record per line, in an order
// that lets an import apply them as it reads (topology, directory, add-ins, categories, rooms, then the
// messages room by room in id order). A header opens the file and a footer closes it with the record
// counts and a checksum, so a truncated or altered file is detected.
//
// The checksum is a multiset hash: the sum, modulo 2^64, of the first 8 bytes of SHA-256 of every record
// line. Being order-independent and additive, it lets an interrupted export resume (the parts add up)
// and lets the importer verify without keeping the file. Lines are canonical (fixed key order), so the
// re-export of an imported deployment gives the same checksum when, and only when, the data is the same.
import { createHash } from 'node:crypto';

export const FORMAT = 'pchat-export';
export const FORMAT_VERSION = 1;

export const LEVELS = ['All', 'User', 'Category', 'RoomDirectory', 'Content'] as const;
export type Level = (typeof LEVELS)[number];

/** Every record type, in the order an export writes them. */
export const RECORD_TYPES = [
  'pool',
  'site',
  'policy',
  'configuration',
  'trustedApplicationPool',
  'trustedApplication',
  'principal',
  'groupMember',
  'addin',
  'category',
  'room',
  'message',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** What each level carries (PC-49 levels, pchat's reading of them). */
export const LEVEL_CONTENT: Record<Level, ReadonlySet<RecordType>> = {
  All: new Set<RecordType>(RECORD_TYPES),
  User: new Set<RecordType>(['principal', 'groupMember']),
  Category: new Set<RecordType>(['category']),
  RoomDirectory: new Set<RecordType>(['addin', 'category', 'room']),
  Content: new Set<RecordType>(['message']),
};

const MASK = (1n << 64n) - 1n;

export class Checksum {
  private sum = 0n;
  readonly counts: Record<string, number> = {};

  add(type: string, line: string): void {
    this.sum = (this.sum + createHash('sha256').update(line, 'utf8').digest().readBigUInt64BE(0)) & MASK;
    this.counts[type] = (this.counts[type] ?? 0) + 1;
  }

  get hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }

  /** Adds another part (a resumed export's parts add up, since the hash is additive). */
  merge(other: Checksum): void {
    this.sum = (this.sum + other.sum) & MASK;
    for (const [k, n] of Object.entries(other.counts)) this.counts[k] = (this.counts[k] ?? 0) + n;
  }
}

/** A canonical line: keys in sorted order at every level. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
