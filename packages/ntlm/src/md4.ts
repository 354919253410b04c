// MD4 message digest, RFC 1320. Node 20's OpenSSL 3 refuses `md4` without the process-wide legacy
// provider (ERR_OSSL_EVP_UNSUPPORTED), and NTLM needs it for the NT hash (MS-NLMP §3.3.1 NTOWFv1 / §3.3.2
// NTOWFv2).

const S1 = [3, 7, 11, 19] as const; // RFC 1320 §3.4 round 1 shifts
const S2 = [3, 5, 9, 13] as const; // round 2
const S3 = [3, 9, 11, 15] as const; // round 3
const ROUND3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15] as const;

function rotl(x: number, s: number): number {
  return ((x << s) | (x >>> (32 - s))) >>> 0;
}

export function md4(data: Uint8Array): Uint8Array {
  // RFC 1320 §3.1-3.2: pad with 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
  const len = data.length;
  const padded = new Uint8Array(((len + 8) >>> 6) * 64 + 64);
  padded.set(data);
  padded[len] = 0x80;
  const dv = new DataView(padded.buffer);
  const bits = len * 8;
  dv.setUint32(padded.length - 8, bits >>> 0, true);
  dv.setUint32(padded.length - 4, Math.floor(bits / 0x100000000) >>> 0, true);

  // §3.3 initial buffer
  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Array<number>(16);

  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) x[i] = dv.getUint32(off + i * 4, true);
    const aa = a;
    const bb = b;
    const cc = c;
    const dd = d;
    const X = (i: number): number => x[i] as number;

    // Round 1: F(X,Y,Z) = XY v not(X) Z
    for (let i = 0; i < 16; i++) {
      const f = (b & c) | (~b & d);
      const t = rotl((a + f + X(i)) >>> 0, S1[i % 4] as number);
      a = d;
      d = c;
      c = b;
      b = t;
    }
    // Round 2: G(X,Y,Z) = XY v XZ v YZ, constant 0x5A827999, words in column order
    for (let i = 0; i < 16; i++) {
      const k = (i % 4) * 4 + (i >> 2);
      const g = (b & c) | (b & d) | (c & d);
      const t = rotl((a + g + X(k) + 0x5a827999) >>> 0, S2[i % 4] as number);
      a = d;
      d = c;
      c = b;
      b = t;
    }
    // Round 3: H(X,Y,Z) = X xor Y xor Z, constant 0x6ED9EBA1
    for (let i = 0; i < 16; i++) {
      const h = b ^ c ^ d;
      const t = rotl((a + h + X(ROUND3_ORDER[i] as number) + 0x6ed9eba1) >>> 0, S3[i % 4] as number);
      a = d;
      d = c;
      c = b;
      b = t;
    }
    a = (a + aa) >>> 0;
    b = (b + bb) >>> 0;
    c = (c + cc) >>> 0;
    d = (d + dd) >>> 0;
  }

  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  ov.setUint32(0, a, true);
  ov.setUint32(4, b, true);
  ov.setUint32(8, c, true);
  ov.setUint32(12, d, true);
  return out;
}
