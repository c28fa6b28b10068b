/**
 * Harness for the download edge cases: the fake ECR answers the API (URLs), and a scripted node:http server
 * of our own answers the blob GETs, so a test can send any status, Content-Range or
 * stall it needs. A handler in front of the real NodeHttpHandler sends GETs there.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse, Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { NodeHttpHandler } from "../../../src/node.js";
import type { HttpHandler, HttpHandlerOptions, HttpRequest } from "../../../src/node.js";

export interface BlobServer {
  port: number;
  /** Requests in arrival order: their Range header and when they arrived. */
  requests: Array<{ range?: string; at: number; res: ServerResponse; req: IncomingMessage }>;
  connections(): number;
  close(): Promise<void>;
}

export async function startBlobServer(script: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<BlobServer> {
  const sockets = new Set<Socket>();
  const requests: BlobServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ range: req.headers.range, at: Date.now(), res, req });
    script(req, res, requests.length);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends API calls to the fake ECR and every GET to the blob server. */
export class RedirectHandler implements HttpHandler {
  readonly inner = new NodeHttpHandler();
  constructor(readonly blobPort: number) {}
  handle(request: HttpRequest, options?: HttpHandlerOptions) {
    if (request.method === "GET") return this.inner.handle({ ...request, hostname: "127.0.0.1", port: this.blobPort }, options);
    return this.inner.handle(request, options);
  }
  destroy() {
    this.inner.destroy();
  }
}

/** Resolves with what `promise` settled with, or "pending" after `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown } | "pending"> {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), ms)),
  ]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
