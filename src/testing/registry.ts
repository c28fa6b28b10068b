/** What the fake's answers read of the server they run in. */
import type { LayerStore, UrlSigner } from "./blobs.js";
import type { FakeCredentials } from "./credentials.js";

/** One fake server's registry: its identity, its layers, its URL signer and its clock. */
export interface Registry {
  /** The credentials whose signatures it accepts. */
  readonly credentials: readonly FakeCredentials[];
  readonly region: string;
  readonly registryId: string;
  readonly store: LayerStore;
  readonly urls: UrlSigner;
  /** The server's own address, which download URLs point at. */
  readonly endpoint: string;
  /** How long a download URL it hands out stays valid. */
  readonly ttlSeconds: number;
  /** When the server started (ms since the epoch): every layer's `Last-Modified`. */
  readonly startedAt: number;
  /** Now on the server's clock, skew included (ms since the epoch). */
  now(): number;
}
