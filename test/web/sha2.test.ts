/**
 * The pure-JS SHA-256 and SHA-512 that verify layer digests outside Node: against the
 * FIPS 180-4 example vectors, written out, and against node:crypto (a reference, used
 * only here) for every short length, chunkings that cross block boundaries at every
 * position, and megabytes fed in random chunks.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type Sha2, Sha256, Sha512 } from "../../src/web/sha2.js";

const ALGORITHMS = [
  { name: "sha256", create: (): Sha2 => new Sha256(), block: 64 },
  { name: "sha512", create: (): Sha2 => new Sha512(), block: 128 },
] as const;

/** FIPS 180-4's examples (the NIST "SHA examples" documents), digests as published. */
const VECTORS = [
  {
    label: '""',
    message: "",
    sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    sha512: "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
  },
  {
    label: '"abc"',
    message: "abc",
    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    sha512: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  },
  {
    label: "the 448-bit message",
    message: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    sha256: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    sha512: "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
  },
  {
    label: "the 896-bit message",
    message: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
    sha256: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    sha512: "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
  },
  {
    label: "one million 'a'",
    message: "a".repeat(1_000_000),
    sha256: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    sha512: "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
  },
] as const;

/** Lengths around where padding needs one block or two, for both block sizes. */
const BOUNDARY_LENGTHS = [55, 56, 63, 64, 65, 111, 112, 127, 128, 129];

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** mulberry32: seeded, so a failing case reproduces from the seed in its name. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function bytes(length: number, seed: number): Uint8Array {
  const next = random(seed);
  return Uint8Array.from({ length }, () => (next() * 256) | 0);
}

/** The digest of `data` fed as the pieces between `cuts` (ascending offsets). */
function hashInPieces(create: () => Sha2, data: Uint8Array, cuts: readonly number[]): string {
  const hash = create();
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    hash.update(data.subarray(start, cut));
    start = cut;
  }
  return hex(hash.digest());
}

describe.each(ALGORITHMS)("$name", ({ name, create, block }) => {
  const reference = (data: Uint8Array): string => createHash(name).update(data).digest("hex");

  it.each(VECTORS)("hashes the FIPS 180-4 example $label", (vector) => {
    const hash = create();
    hash.update(new TextEncoder().encode(vector.message));
    expect(hex(hash.digest())).toBe(vector[name]);
  });

  it("matches node:crypto for every length 0..300 in one update", () => {
    const data = bytes(300, 1);
    for (let length = 0; length <= 300; length++) {
      expect(hashInPieces(create, data.subarray(0, length), []), `length ${length}`).toBe(reference(data.subarray(0, length)));
    }
  });

  it("matches node:crypto at the padding boundaries, split in two at every position and fed a byte at a time", () => {
    for (const length of BOUNDARY_LENGTHS) {
      const data = bytes(length, length);
      const expected = reference(data);
      for (let cut = 0; cut <= length; cut++) {
        expect(hashInPieces(create, data, [cut]), `length ${length} cut at ${cut}`).toBe(expected);
      }
      expect(hashInPieces(create, data, Array.from({ length }, (_, i) => i)), `length ${length} bytewise`).toBe(expected);
    }
  });

  it("matches node:crypto for a block and a bit, split in three at every pair of positions", () => {
    const length = block + 1;
    const data = bytes(length, 7);
    const expected = reference(data);
    for (let first = 0; first <= length; first++) {
      for (let second = first; second <= length; second++) {
        expect(hashInPieces(create, data, [first, second]), `cuts at ${first}, ${second}`).toBe(expected);
      }
    }
  });

  it.each([1, 2, 3])("matches node:crypto for 3 MiB fed in random chunks of 0..200 KiB (seed %i)", (seed) => {
    const data = bytes(3 * 1024 * 1024, seed);
    const next = random(seed * 7919);
    const sizes: number[] = [];
    for (let at = 0; at < data.length; ) {
      // Empty and short chunks as well as long ones, so partial blocks fill from both sides.
      const roll = next();
      const size = Math.min(roll < 0.1 ? 0 : roll < 0.4 ? Math.floor(next() * (2 * block + 1)) : Math.floor(next() * 200 * 1024), data.length - at);
      sizes.push(size);
      at += size;
    }
    expect(sizes).toContain(0);
    expect(Math.max(...sizes)).toBeGreaterThan(100 * 1024);
    let end = 0;
    const cuts = sizes.map((size) => (end += size));
    expect(hashInPieces(create, data, cuts)).toBe(reference(data));
  });

  it("keeps interleaved hashes apart", () => {
    const one = bytes(5000, 11);
    const two = bytes(5000, 12);
    const a = create();
    const b = create();
    for (let at = 0; at < 5000; at += 333) {
      a.update(one.subarray(at, at + 333));
      b.update(two.subarray(at, at + 333));
    }
    expect(hex(a.digest())).toBe(reference(one));
    expect(hex(b.digest())).toBe(reference(two));
  });

  it("throws on digest() twice and on update() after digest()", () => {
    const twice = create();
    twice.update(new Uint8Array([1, 2, 3]));
    twice.digest();
    expect(() => twice.digest()).toThrow(Error);

    const late = create();
    late.digest();
    expect(() => late.update(new Uint8Array(1))).toThrow(Error);
    expect(() => late.update(new Uint8Array(0))).toThrow(Error);
  });
});
