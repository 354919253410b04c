// AV_PAIR lists (MS-NLMP §2.2.2.1): TargetInfo in CHALLENGE, and the same list echoed (and extended)
// inside the NTLMv2 client challenge blob.
import { concatBytes, fromUtf16le, readU16, utf16le, writeU16 } from './bytes.js';
import { NtlmError } from './errors.js';

export const AvId = {
  MsvAvEOL: 0,
  MsvAvNbComputerName: 1,
  MsvAvNbDomainName: 2,
  MsvAvDnsComputerName: 3,
  MsvAvDnsDomainName: 4,
  MsvAvDnsTreeName: 5,
  MsvAvFlags: 6,
  MsvAvTimestamp: 7,
  MsvAvSingleHost: 8,
  MsvAvTargetName: 9,
  MsvAvChannelBindings: 10,
} as const;

/** MsvAvFlags bit 0x2: the AUTHENTICATE message carries a MIC (MS-NLMP §2.2.2.1). */
export const AV_FLAG_MIC_PRESENT = 0x00000002;

export interface AvPair {
  readonly id: number;
  readonly value: Uint8Array;
}

/** Decodes an AV pair list up to and including MsvAvEOL; bytes after EOL are ignored (the blob pads). */
export function decodeAvPairs(b: Uint8Array): AvPair[] {
  const out: AvPair[] = [];
  let off = 0;
  for (;;) {
    if (off + 4 > b.length) throw new NtlmError('InvalidAvPairs', 'AV pair list has no MsvAvEOL');
    const id = readU16(b, off);
    const len = readU16(b, off + 2);
    off += 4;
    if (off + len > b.length) throw new NtlmError('InvalidAvPairs', `AV pair ${id} runs past the list end`);
    if (id === AvId.MsvAvEOL) return out;
    out.push({ id, value: b.slice(off, off + len) });
    off += len;
  }
}

/** Encodes pairs and appends MsvAvEOL (any EOL given in `pairs` is dropped). */
export function encodeAvPairs(pairs: readonly AvPair[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const p of pairs) {
    if (p.id === AvId.MsvAvEOL) continue;
    if (p.value.length > 0xffff) throw new NtlmError('InvalidInput', `AV pair ${p.id} value too long`);
    const h = new Uint8Array(4);
    writeU16(h, 0, p.id);
    writeU16(h, 2, p.value.length);
    parts.push(h, p.value);
  }
  parts.push(new Uint8Array(4));
  return concatBytes(...parts);
}

export function avString(id: number, s: string): AvPair {
  return { id, value: utf16le(s) };
}

export function findAv(pairs: readonly AvPair[], id: number): Uint8Array | undefined {
  return pairs.find((p) => p.id === id)?.value;
}

export function avText(pairs: readonly AvPair[], id: number): string | undefined {
  const v = findAv(pairs, id);
  return v === undefined ? undefined : fromUtf16le(v);
}

// FILETIME: 100 ns intervals since 1601-01-01 UTC (MS-NLMP §2.2.2.1 MsvAvTimestamp, MS-DTYP FILETIME).
const FILETIME_UNIX_EPOCH = 116444736000000000n;

export function fileTimeFromMs(ms: number): Uint8Array {
  const v = BigInt(Math.floor(ms)) * 10000n + FILETIME_UNIX_EPOCH;
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

export function msFromFileTime(b: Uint8Array): number {
  if (b.length !== 8) throw new NtlmError('InvalidAvPairs', 'FILETIME must be 8 bytes');
  const v = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  return Number((v - FILETIME_UNIX_EPOCH) / 10000n);
}
