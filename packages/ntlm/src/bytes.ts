// Byte helpers shared by the NTLM code. All multi-byte integers in NTLM are little-endian
// (MS-NLMP §2.2: "all fields ... are sent in little-endian byte order").
import { timingSafeEqual } from 'node:crypto';
import { NtlmError } from './errors.js';

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** UTF-16LE, as NTLM's UNICODE strings (MS-NLMP §2.2, NTLMSSP_NEGOTIATE_UNICODE). */
export function utf16le(s: string): Uint8Array {
  const b = Buffer.from(s, 'utf16le');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export function fromUtf16le(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf16le');
}

export function le32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

export function readU16(b: Uint8Array, off: number): number {
  if (off + 2 > b.length) throw new NtlmError('Truncated', `need 2 bytes at offset ${off}, have ${b.length}`);
  return (b[off] as number) | ((b[off + 1] as number) << 8);
}

export function readU32(b: Uint8Array, off: number): number {
  if (off + 4 > b.length) throw new NtlmError('Truncated', `need 4 bytes at offset ${off}, have ${b.length}`);
  return new DataView(b.buffer, b.byteOffset, b.length).getUint32(off, true);
}

export function writeU16(b: Uint8Array, off: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.length).setUint16(off, v, true);
}

export function writeU32(b: Uint8Array, off: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.length).setUint32(off, v >>> 0, true);
}

export function toHex(b: Uint8Array, upper = false): string {
  const h = Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
  return upper ? h.toUpperCase() : h;
}

/** Strict hex decoding: even length, hex digits only (Buffer.from(hex) silently stops at junk). */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new NtlmError('InvalidHex', `not an even-length hex string (length ${s.length})`);
  }
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** Constant-time comparison for proofs and MACs (lengths are public). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Copy bytes into a fresh, exactly-sized Uint8Array (detached from any pooled Buffer). */
export function copyBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}
