/** Reading Node stream bodies by their events (the Node entry's body reader). */
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readNodeBody } from "../../src/transport/read-node-body.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("readNodeBody", () => {
  it("reads a stream to its end", async () => {
    const { bytes, truncated } = await readNodeBody(Readable.from([Buffer.from("hello "), Buffer.from("world")]), 100);
    expect(text(bytes)).toBe("hello world");
    expect(truncated).toBe(false);
  });

  it("stops at the limit, says so, and destroys the stream", async () => {
    const stream = new PassThrough();
    const read = readNodeBody(stream, 5);
    stream.write("0123456789");
    const { bytes, truncated } = await read;
    expect(text(bytes)).toBe("01234");
    expect(truncated).toBe(true);
    expect(stream.destroyed).toBe(true);
  });

  it("reads a stream that was paused before (the generic way), without hanging", async () => {
    const stream = new PassThrough();
    stream.pause();
    stream.end("paused body");
    const { bytes } = await readNodeBody(stream, 100);
    expect(text(bytes)).toBe("paused body");
  });

  it("rejects when the stream closes before it ends", async () => {
    const stream = new PassThrough();
    const read = readNodeBody(stream, 100);
    stream.write("half");
    setImmediate(() => stream.destroy());
    await expect(read).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });

  it("rejects with the stream's error", async () => {
    const stream = new PassThrough();
    const read = readNodeBody(stream, 100);
    setImmediate(() => stream.destroy(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
    await expect(read).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("rejects a chunk it cannot read, instead of throwing in the event", async () => {
    const stream = new Readable({ objectMode: true, read() {} });
    const read = readNodeBody(stream, 100);
    stream.push({ not: "bytes" });
    await expect(read).rejects.toThrow(TypeError);
    expect(stream.destroyed).toBe(true);
  });

  it("rejects with the signal's reason and destroys the stream when aborted mid-read", async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const read = readNodeBody(stream, 100, controller.signal);
    stream.write("part");
    const reason = new Error("attempt timed out");
    setImmediate(() => controller.abort(reason));
    await expect(read).rejects.toBe(reason);
    expect(stream.destroyed).toBe(true);
  });
});
