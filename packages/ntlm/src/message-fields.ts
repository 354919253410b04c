// Shared framing of NTLM messages: the 8-byte signature, MessageType, and the Len/MaxLen/BufferOffset
// field descriptors that point into the payload (MS-NLMP §2.2, §2.2.1).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { NtlmError } from './errors.js';

export const NTLMSSP_SIGNATURE = new Uint8Array([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]); // "NTLMSSP\0"

export const MessageType = { NEGOTIATE: 1, CHALLENGE: 2, AUTHENTICATE: 3 } as const;

export function checkHeader(msg: Uint8Array, type: number, minLength: number, what: string): void {
  if (msg.length < 12)
    throw new NtlmError('Truncated', `${what}: ${msg.length} bytes is shorter than the header`);
  for (let i = 0; i < 8; i++) {
    if (msg[i] !== NTLMSSP_SIGNATURE[i])
      throw new NtlmError('BadSignature', `${what}: missing NTLMSSP signature`);
  }
  const t = readU32(msg, 8);
  if (t !== type) throw new NtlmError('WrongMessageType', `${what}: MessageType ${t}, expected ${type}`);
  if (msg.length < minLength) {
    throw new NtlmError('Truncated', `${what}: ${msg.length} bytes, fixed part needs ${minLength}`);
  }
}

export interface FieldRef {
  readonly len: number;
  readonly offset: number;
}

export function readFieldRef(msg: Uint8Array, at: number): FieldRef {
  return { len: readU16(msg, at), offset: readU32(msg, at + 4) };
}

/** The bytes a field descriptor points at; an empty field may carry any offset (MS-NLMP §2.2.1.3). */
export function fieldBytes(msg: Uint8Array, ref: FieldRef, name: string): Uint8Array {
  if (ref.len === 0) return new Uint8Array(0);
  if (ref.offset > msg.length || ref.offset + ref.len > msg.length) {
    throw new NtlmError(
      'OffsetOutOfRange',
      `${name}: ${ref.len} bytes at offset ${ref.offset} exceed the ${msg.length}-byte message`,
    );
  }
  return msg.slice(ref.offset, ref.offset + ref.len);
}

export function writeFieldRef(msg: Uint8Array, at: number, len: number, offset: number): void {
  if (len > 0xffff) throw new NtlmError('InvalidInput', `field of ${len} bytes does not fit a 16-bit length`);
  writeU16(msg, at, len);
  writeU16(msg, at + 2, len); // MaxLen = Len
  writeU32(msg, at + 4, offset);
}

/** Lays out payload fields after a fixed header; returns the message and each field's offset. */
export function layoutPayload(
  headerLength: number,
  payloads: readonly Uint8Array[],
): { message: Uint8Array; offsets: number[] } {
  let total = headerLength;
  for (const p of payloads) total += p.length;
  const message = new Uint8Array(total);
  const offsets: number[] = [];
  let o = headerLength;
  for (const p of payloads) {
    offsets.push(o);
    message.set(p, o);
    o += p.length;
  }
  message.set(NTLMSSP_SIGNATURE, 0);
  return { message, offsets };
}

/** NTLM VERSION structure (MS-NLMP §2.2.2.10): major, minor, build, 3 reserved, NTLMRevisionCurrent. */
export interface NtlmVersion {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
  readonly revision: number;
}

export const NTLMSSP_REVISION_W2K3 = 0x0f;

/** What we announce: Windows Server 2012 R2 era 6.3.9600, the platform Lync Server 2013 ran on. */
export const DEFAULT_SERVER_VERSION: NtlmVersion = {
  major: 6,
  minor: 3,
  build: 9600,
  revision: NTLMSSP_REVISION_W2K3,
};

export function encodeVersion(v: NtlmVersion): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = v.major;
  out[1] = v.minor;
  writeU16(out, 2, v.build);
  out[7] = v.revision;
  return out;
}

export function decodeVersion(b: Uint8Array, at: number): NtlmVersion {
  return { major: b[at] ?? 0, minor: b[at + 1] ?? 0, build: readU16(b, at + 2), revision: b[at + 7] ?? 0 };
}
