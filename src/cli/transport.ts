/**
 * The CLI's transport: the library's `node:http` handler with the AWS CLI's connection
 * settings (CA bundle, `--no-verify-ssl`, connect timeout), wrapped to print `--debug`
 * lines with every secret redacted, to send `--no-sign-request` calls unsigned, and to keep
 * the last error answer's raw body, which the AWS CLI's error line is made from.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { Socket } from "node:net";
import { Readable } from "node:stream";
import { NodeHttpHandler } from "../node.js";
import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from "../node.js";
import { redact } from "../redact.js";
import { queryString } from "../transport/node-http.js";
import { readNodeBody } from "../transport/read-node-body.js";

/** The code our connect timer destroys a socket with, to tell it from other network errors. */
export const CONNECT_TIMEOUT_CODE = "ECLICONNECTTIMEOUT";

/** An error answer as it came, for botocore's way of reading it. */
export interface RawAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Error bodies are read whole for the message, up to the same cap the library uses. */
const MAX_ERROR_BODY = 256 * 1024;

/** The headers whose values are secrets, shown as REDACTED. */
const SECRET_HEADERS = new Set(["x-amz-security-token", "cookie", "set-cookie", "proxy-authorization"]);

function withConnectTimeout<T extends http.Agent>(agent: T, ms: number): T {
  if (ms <= 0) return agent;
  const create = (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection = (...args: unknown[]) => {
    const socket = create(...args);
    const timer = setTimeout(() => {
      socket.destroy(Object.assign(new Error(`Connect timeout after ${ms} ms`), { code: CONNECT_TIMEOUT_CODE }));
    }, ms);
    const clear = () => clearTimeout(timer);
    socket.once("connect", clear);
    socket.once("close", clear);
    return socket;
  };
  return agent;
}

function headerLines(headers: Record<string, string>, secrets: ReadonlyArray<string | undefined>): string {
  return Object.entries(headers)
    .map(([name, value]) => {
      const lower = name.toLowerCase();
      let shown = SECRET_HEADERS.has(lower) ? "REDACTED" : redact(value, secrets);
      if (lower === "authorization") shown = shown.replace(/(Credential=[A-Z0-9]{4})[A-Z0-9]+/, "$1REDACTED");
      return `  ${name}: ${shown}\n`;
    })
    .join("");
}

export interface CliHandlerOptions {
  caBundle?: Buffer;
  verifyTls: boolean;
  connectTimeoutMs: number;
  signed: boolean;
  /** Writes `--debug` output; absent when not debugging. */
  debug?: (text: string) => void;
  /** Values to redact wherever they appear (the secret key, the session token). */
  secrets: () => ReadonlyArray<string | undefined>;
}

/** The library's Node transport, with the CLI's settings and bookkeeping. */
export class CliHandler implements HttpHandler {
  readonly #inner: NodeHttpHandler;
  readonly #options: CliHandlerOptions;
  #attempt = 0;
  /** The last API error answer, for the error line. */
  lastError?: RawAnswer;
  /** The signatures of the requests sent, to redact should an answer quote one bare. */
  readonly signatures: string[] = [];

  constructor(options: CliHandlerOptions) {
    this.#options = options;
    // One call per process: no keep-alive, so nothing holds the process open afterwards.
    const httpAgent = withConnectTimeout(new http.Agent({ keepAlive: false }), options.connectTimeoutMs);
    const httpsAgent = withConnectTimeout(
      new https.Agent({ keepAlive: false, rejectUnauthorized: options.verifyTls, ...(options.caBundle ? { ca: options.caBundle } : {}) }),
      options.connectTimeoutMs,
    );
    this.#inner = new NodeHttpHandler({ httpAgent, httpsAgent });
  }

  async handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const api = request.method === "POST";
    if (api && !this.#options.signed) {
      // botocore's UNSIGNED: no signature and none of the headers that go with one.
      for (const name of Object.keys(request.headers)) {
        if (/^(authorization|x-amz-date|x-amz-security-token|x-amz-content-sha256)$/i.test(name)) delete request.headers[name];
      }
    }
    const authorization = request.headers.authorization;
    if (authorization) this.signatures.push(authorization.slice(-64));
    const debug = this.#options.debug;
    const secrets = [...this.#options.secrets(), ...this.signatures];
    const started = Date.now();
    if (debug) {
      const port = request.port ? `:${request.port}` : "";
      const target = redact(`${request.protocol}//${request.hostname}${port}${request.path}${queryString(request.query)}`, secrets);
      debug(`\n[debug] ${api ? "API" : "download"} request ${++this.#attempt}: ${request.method} ${target}\n${headerLines(request.headers, secrets)}`);
    }
    let answer: { response: HttpResponse };
    try {
      answer = await this.#inner.handle(request, handlerOptions);
    } catch (error) {
      debug?.(`[debug] no answer after ${Date.now() - started} ms: ${redact(String((error as Error)?.message ?? error), secrets)}\n`);
      throw error;
    }
    const { response } = answer;
    debug?.(`[debug] answer: ${response.statusCode} ${response.reason ?? ""} after ${Date.now() - started} ms\n${headerLines(response.headers, secrets)}`);
    if (api && response.statusCode >= 300) {
      const { bytes } = await readNodeBody(response.body, MAX_ERROR_BODY, handlerOptions?.abortSignal);
      this.lastError = { statusCode: response.statusCode, headers: response.headers, body: bytes };
      response.body = Readable.from([Buffer.from(bytes)]);
    }
    return answer;
  }

  destroy(): void {
    this.#inner.destroy();
  }
}
