/**
 * SHA-256 and SHA-512 that hash the bytes as they arrive, for verifying a container
 * layer's digest while it streams in browsers and edge runtimes (Cloudflare workerd):
 * WebCrypto there digests only a whole buffer, and a layer can be gigabytes. No imports
 * and no side effects, so a bundle that never hashes drops all of it; the constants are
 * derived on first use.
 */

/** An incremental hash: feed chunks with update(), then digest() once. */
export interface Sha2 {
  update(data: Uint8Array): void;
  /** The digest bytes. Call once; update() or digest() after it throws an Error. */
  digest(): Uint8Array;
}

const CARRY = 0x1_0000_0000; // 2 ** 32, as a literal: an expression would survive tree-shaking in bundles

/**
 * The message schedule. One for every instance: compression runs to completion
 * synchronously, so no two hashes are ever inside it at once.
 */
const W = /* @__PURE__ */ new Int32Array(160);

let table: Int32Array | undefined;

/** The high half of a in Dekker's split: a's top 26 bits, so products of halves are exact. */
const split = (a: number): number => {
  const t = a * 134217729;
  return t - (t - a);
};

/**
 * SHA-512's initial hash (8 words), then its round constants (80), as big-endian 32-bit
 * halves; SHA-256's are the high halves. Derived rather than written out, as about 1 kB
 * less gzipped: 64 fractional bits of the square roots of the first 8 primes and the cube
 * roots of the first 80. A double holds 53, so one Newton step from the rounded root, with
 * its residual in double-double, supplies the rest, and absorbs the few ulps by which `**`
 * may miss in some engine. Every constant lies at least 2^-8 units from a rounding
 * boundary, against an error near 2^-20, so the truncations below are exact.
 */
const constants = (): Int32Array => {
  if (!table) {
    const t = (table = new Int32Array(176));
    const root = (n: number, k: number, at: number): void => {
      const y = n ** (1 / k);
      // y^k as the unevaluated sum c + e, so n − y^k keeps the bits past y's.
      const yh = split(y);
      const yl = y - yh;
      let c = y;
      let e = 0;
      for (let i = 1; i < k; i++) {
        const p = c * y;
        const ch = split(c);
        const cl = c - ch;
        e = ch * yh - p + ch * yl + cl * yh + cl * yl + e * y;
        c = p;
      }
      const delta = ((n - c - e) / ((k * c) / y)) * CARRY;
      const v = (y % 1) * CARRY;
      const hi = (v + delta) >>> 0;
      t[at] = hi;
      t[at + 1] = (v - hi + delta) * CARRY;
    };
    for (let n = 2, j = 0; j < 80; n++) {
      let d = 2;
      while (n % d) d++;
      if (d === n) {
        if (j < 8) root(n, 2, 2 * j);
        root(n, 3, 16 + 2 * j++);
      }
    }
  }
  return table;
};

/** A big-endian word of the caller's bytes, read in place. */
const be = (d: Uint8Array, p: number): number => (d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!;

/** Hashes the block of `d` at `p` into the state `s`. */
type Compress = (s: Int32Array, d: Uint8Array, p: number) => void;

const c256: Compress = (s, d, p) => {
  const K = constants();
  let i = 0;
  let x: number;
  let y: number;
  // Words come straight from the caller's bytes: no copy into a block buffer.
  for (; i < 16; i++, p += 4) W[i] = be(d, p);
  for (; i < 64; i++) {
    x = W[i - 15]!;
    y = W[i - 2]!;
    W[i] =
      (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
      (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
      W[i - 7]! +
      W[i - 16]!;
  }
  // The working state in locals, where the JIT keeps it in registers.
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let dd = s[3]!;
  let e = s[4]!;
  let f = s[5]!;
  let g = s[6]!;
  let h = s[7]!;
  for (i = 0; i < 64; i++) {
    x = (h + K[16 + 2 * i]! + W[i]! + ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))))) | 0;
    y = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (c & (a ^ b)));
    h = g;
    g = f;
    f = e;
    e = (dd + x) | 0;
    dd = c;
    c = b;
    b = a;
    a = (x + y) | 0;
  }
  // An Int32Array store wraps mod 2^32, as the sums must.
  s[0]! += a;
  s[1]! += b;
  s[2]! += c;
  s[3]! += dd;
  s[4]! += e;
  s[5]! += f;
  s[6]! += g;
  s[7]! += h;
};

/**
 * Adds the 64-bit h:l into s[k]:s[k + 1]. Low halves add as unsigned values in a double,
 * exact far past 2^32, so the carry is one division rather than a comparison per term.
 */
const add = (s: Int32Array, k: number, h: number, l: number): void => {
  l = (s[k + 1]! >>> 0) + (l >>> 0);
  s[k] = s[k]! + h + ((l / CARRY) | 0);
  s[k + 1] = l;
};

/**
 * SHA-512 on 32-bit halves, as BigInt is far slower. A sum stays an unreduced hi and
 * unsigned lo (lo below 2^36) until a register needs it, so a round carries only twice.
 */
const c512: Compress = (s, d, p) => {
  const K = constants();
  let i = 0;
  let h: number;
  let l: number;
  let x: number;
  let y: number;
  for (; i < 32; i++, p += 4) W[i] = be(d, p);
  for (; i < 160; i += 2) {
    h = W[i - 30]!;
    l = W[i - 29]!;
    x = ((h >>> 1) | (l << 31)) ^ ((h >>> 8) | (l << 24)) ^ (h >>> 7);
    y = ((l >>> 1) | (h << 31)) ^ ((l >>> 8) | (h << 24)) ^ ((l >>> 7) | (h << 25));
    h = W[i - 4]!;
    l = W[i - 3]!;
    y = (y >>> 0) + ((((l >>> 19) | (h << 13)) ^ ((h >>> 29) | (l << 3)) ^ ((l >>> 6) | (h << 26))) >>> 0) + (W[i - 13]! >>> 0) + (W[i - 31]! >>> 0);
    W[i] = x + (((h >>> 19) | (l << 13)) ^ ((l >>> 29) | (h << 3)) ^ (h >>> 6)) + W[i - 14]! + W[i - 32]! + ((y / CARRY) | 0);
    W[i + 1] = y;
  }
  let ah = s[0]!;
  let al = s[1]!;
  let bh = s[2]!;
  let bl = s[3]!;
  let ch = s[4]!;
  let cl = s[5]!;
  let dh = s[6]!;
  let dl = s[7]!;
  let eh = s[8]!;
  let el = s[9]!;
  let fh = s[10]!;
  let fl = s[11]!;
  let gh = s[12]!;
  let gl = s[13]!;
  let hh = s[14]!;
  let hl = s[15]!;
  for (i = 0; i < 160; i += 2) {
    // T1 = h + K + W + Σ1(e) + Ch(e, f, g), the terms on e last, as e is the one just computed.
    h = hh + K[16 + i]! + W[i]! + (((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23))) + (gh ^ (eh & (fh ^ gh)));
    l =
      (hl >>> 0) +
      (K[17 + i]! >>> 0) +
      (W[i + 1]! >>> 0) +
      (((((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23))) >>> 0) + ((gl ^ (el & (fl ^ gl))) >>> 0));
    // T2 = Σ0(a) + Maj(a, b, c)
    x = (((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25))) + ((ah & bh) ^ (ch & (ah ^ bh)));
    y = ((((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25))) >>> 0) + (((al & bl) ^ (cl & (al ^ bl))) >>> 0);
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    el = (dl >>> 0) + l;
    eh = (dh + h + ((el / CARRY) | 0)) | 0;
    el |= 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    l += y;
    ah = (h + x + ((l / CARRY) | 0)) | 0;
    al = l | 0;
  }
  add(s, 0, ah, al);
  add(s, 2, bh, bl);
  add(s, 4, ch, cl);
  add(s, 6, dh, dl);
  add(s, 8, eh, el);
  add(s, 10, fh, fl);
  add(s, 12, gh, gl);
  add(s, 14, hh, hl);
};

/** Buffering and padding, shared by both sizes. */
class Hash implements Sha2 {
  readonly #s: Int32Array;
  readonly #c: Compress;
  /** A partial block, held until the next chunk completes it. */
  readonly #b: Uint8Array;
  #p = 0;
  /** Bytes so far: a double counts exactly to 2^53, where a 32-bit bit count ends at 512 MiB. */
  #n = 0;
  #done = false;

  constructor(wide: boolean) {
    const t = constants();
    this.#s = wide ? t.slice(0, 16) : t.filter((_, i) => i < 16 && !(i & 1));
    this.#c = wide ? c512 : c256;
    this.#b = new Uint8Array(wide ? 128 : 64);
  }

  update(data: Uint8Array): void {
    this.#check();
    const b = this.#b;
    const size = b.length;
    const n = data.length;
    let p = this.#p;
    let i = 0;
    this.#n += n;
    if (p) {
      i = Math.min(n, size - p);
      b.set(data.subarray(0, i), p);
      if ((p += i) < size) {
        this.#p = p;
        return;
      }
      this.#c(this.#s, b, 0);
    }
    const end = n - ((n - i) % size);
    for (; i < end; i += size) this.#c(this.#s, data, i);
    b.set(data.subarray(end));
    this.#p = n - end;
  }

  digest(): Uint8Array {
    this.#check();
    this.#done = true;
    const b = this.#b;
    const s = this.#s;
    const size = b.length;
    const n = this.#n;
    let p = this.#p;
    b[p++] = 0x80;
    b.fill(0, p);
    // The length field is the last eighth of a block (64 or 128 bits).
    if (p > size - size / 8) {
      this.#c(s, b, 0);
      b.fill(0);
    }
    const view = new DataView(b.buffer);
    // The bit count in two words (n × 8 stays exact: a power-of-two scale); SHA-512's top 64 bits are 0.
    view.setUint32(size - 8, n / 2 ** 29);
    view.setUint32(size - 4, n * 8);
    this.#c(s, b, 0);
    // The block buffer is spent, so the digest is written out through it.
    s.forEach((word, k) => view.setInt32(k * 4, word));
    return b.slice(0, s.length * 4);
  }

  #check(): void {
    if (this.#done) throw new Error("digest() already called");
  }
}

/** SHA-256 (FIPS 180-4), fed incrementally: `update()` each chunk, then `digest()` once for the 32 bytes. */
export class Sha256 extends Hash implements Sha2 {
  constructor() {
    super(false);
  }
}

/** SHA-512 (FIPS 180-4), fed incrementally: `update()` each chunk, then `digest()` once for the 64 bytes. */
export class Sha512 extends Hash implements Sha2 {
  constructor() {
    super(true);
  }
}
