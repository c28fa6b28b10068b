/**
 * Hostile input: whatever a JavaScript caller passes as GetDownloadUrlForLayer's input
 * (or its call options), the client either sends a request whose every value satisfies
 * ECR's model and relays the answer, or refuses with EcrInputError before sending
 * anything. Never a TypeError from its own code, never a request the service would call
 * invalid, never a message that repeats a huge value whole.
 *
 * Values are described by labels in the generated cases and built inside the property,
 * so a counterexample prints as words ("function whose toString is null") rather than as
 * the object itself (which might not even survive being printed).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../src/testing/index.js";
import {
  AbortError,
  describeError,
  EcrConfigError,
  EcrInputError,
  EcrServiceException,
  FAKE_CREDENTIALS,
  fakeEcr,
  MODEL_FIELDS,
  MODEL_PATTERNS,
  modelAllows,
  outcomeOf,
  REPOSITORIES,
  runtimes,
} from "./support.js";
import type { FakeEcr, ModelField, Outcome, Runtime } from "./support.js";

let ecr: FakeEcr;
beforeAll(async () => {
  ecr = await fakeEcr();
});
afterAll(() => ecr.close());

/** A call to a healthy loopback server answers in milliseconds; longer is a hang. */
const CALL_DEADLINE_MS = 10_000;
/** An input error quotes the value shortened: a few hundred characters is plenty. */
const MAX_INPUT_ERROR_MESSAGE = 1_000;
/** What the service answers a well-formed request for something that is not there. */
const NOT_FOUND_CODES = ["RepositoryNotFoundException", "LayersNotFoundException", "InvalidParameterException"];

function newClient(runtime: Runtime) {
  // One attempt, no cache: every valid call is exactly one request, so counting is exact.
  return new runtime.Client({ region: ecr.region, endpoint: ecr.endpoint, credentials: FAKE_CREDENTIALS, maxAttempts: 1, urlCache: false, requestTimeoutMs: 5_000 });
}

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

/** Values of the wrong type a JavaScript caller can pass, by label, built fresh each time. */
const WRONG_TYPES: Record<string, () => unknown> = {
  null: () => null,
  "number 0": () => 0,
  "number 123456789012 (a registry id as a number)": () => 123456789012,
  NaN: () => Number.NaN,
  "-0": () => -0,
  Infinity: () => Number.POSITIVE_INFINITY,
  "true": () => true,
  "false": () => false,
  "bigint 10n": () => 10n,
  "symbol": () => Symbol("cluster-autoscaler"),
  "empty object": () => ({}),
  "empty array": () => [],
  "array holding a valid value": () => ["cluster-autoscaler"],
  "boxed string of a valid value": () => new String("cluster-autoscaler"),
  "boxed number": () => new Number(123456789012),
  "null-prototype object": () => Object.create(null),
  "object whose toString and valueOf throw": () => ({
    toString() {
      throw new TypeError("toString refused");
    },
    valueOf() {
      throw new TypeError("valueOf refused");
    },
  }),
  "object whose Symbol.toPrimitive throws": () => ({
    [Symbol.toPrimitive]() {
      throw new TypeError("toPrimitive refused");
    },
  }),
  "object whose toString returns a valid value": () => ({ toString: () => "cluster-autoscaler" }),
  "Date (invalid)": () => new Date(Number.NaN),
  RegExp: () => /cluster-autoscaler/,
  Map: () => new Map([["repositoryName", "cluster-autoscaler"]]),
  Promise: () => Promise.resolve("cluster-autoscaler"),
  Uint8Array: () => new Uint8Array([0x61, 0x62]),
  "arrow function": () => () => "cluster-autoscaler",
  "async function": () => async () => "cluster-autoscaler",
  class: () => class Repository {},
  "frozen object": () => Object.freeze({ value: "cluster-autoscaler" }),
};
const wrongTypeLabel = fc.constantFrom(...Object.keys(WRONG_TYPES));

/**
 * Values that turn a careless `String(value)` or `Array.isArray(value)` into an
 * exception: functions with hostile coercion, and proxies (plain, throwing, revoked).
 */
const EXOTIC_VALUES: Record<string, () => unknown> = {
  "function whose toString is null": () => Object.assign(function named() {}, { toString: null }),
  "function whose toString throws an Error": () =>
    Object.assign(() => {}, {
      toString() {
        throw new Error("toString refused");
      },
    }),
  "function whose toString throws a TypeError": () =>
    Object.assign(() => {}, {
      toString() {
        throw new TypeError("toString refused");
      },
    }),
  "function whose Symbol.toPrimitive throws": () =>
    Object.assign(() => {}, {
      [Symbol.toPrimitive]() {
        throw new TypeError("toPrimitive refused");
      },
    }),
  "proxy of a function whose get trap throws": () =>
    new Proxy(() => {}, {
      get() {
        throw new TypeError("get refused");
      },
    }),
  "proxy of an object whose every trap throws": () => new Proxy({}, throwingTraps()),
  "revoked proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
};

function throwingTraps(): ProxyHandler<object> {
  const refuse = () => {
    throw new TypeError("trap refused");
  };
  return { get: refuse, has: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse, getPrototypeOf: refuse, set: refuse, defineProperty: refuse };
}

/** One character that breaks (or may break) a valid value, spliced in. */
const HOSTILE_CHARS = [
  "A", "Z", "/", ".", "_", "-", ":", "@", " ", "\t", "\n", "\r", "\u0000", "\u007f", "\u0085", "\u00e9", "\u0130", "\u212a",
  "\u2028", "\ufeff", "\ud800", "\udfff", "\ud83d\ude00", "%", "%2e", "%2f", "\\", "..", "../", "?", "#", "&", "=", "+", '"', "'",
  "<", ">", "{", "}", "$", "*", "0", "a",
];

/** Strings a hostile or careless caller is known to pass, for every member. */
const NAMED_HOSTILE = [
  "", " ", "a", ".", "..", "/", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "a/../b", "a//b", "a/", "/a",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "null", "undefined", "NaN", "[object Object]",
  "cluster-autoscaler\n", "\ncluster-autoscaler", "cluster-autoscaler\u0000", "Cluster-Autoscaler", "cluster-autoscaler ", "a".repeat(256), "a".repeat(257),
  "sha256:", ":", ":abc", `sha256:${"g".repeat(64)}`, `sha256::${"a".repeat(64)}`, "sha256:abc\r\nX-Injected: 1", "sha256:abc def", `sha256:${"a".repeat(64)}\n`,
  "\ud800", "\ufeffsha256:ab", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11\uff12", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",
  "12345678901", "1234567890123", "-12345678901", "123456789012\n", " 123456789012", "0x1234567890", "1e11",
];

const CONTROL_CHARS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat("\u007f", "a", "1", ":");

function hostileString(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...NAMED_HOSTILE),
    fc.tuple(valid, fc.nat(), fc.constantFrom(...HOSTILE_CHARS), fc.constantFrom("insert", "replace", "prepend", "append")).map(([value, at, char, how]) => {
      const i = at % (value.length + 1);
      if (how === "prepend") return char + value;
      if (how === "append") return value + char;
      return value.slice(0, i) + char + value.slice(how === "replace" ? i + 1 : i);
    }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.string({ unit: fc.constantFrom(...CONTROL_CHARS), maxLength: 12 }),
  );
}

/** Valid values for each member: ones the fake knows and ones it does not. */
function validValues(field: ModelField): fc.Arbitrary<string> {
  switch (field) {
    case "repositoryName":
      return fc.oneof(
        fc.constantFrom(...Object.keys(REPOSITORIES)),
        fc.stringMatching(MODEL_PATTERNS.repositoryName, { maxLength: 256 }).filter((name) => name.length >= 2),
      );
    case "layerDigest":
      return fc.oneof(
        fc.constantFrom(...ecr.layers.map((layer) => layer.layerDigest)),
        fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
        fc.stringMatching(MODEL_PATTERNS.layerDigest, { maxLength: 120 }),
      );
    case "registryId":
      return fc.oneof(fc.constant(ecr.registryId), fc.stringMatching(MODEL_PATTERNS.registryId));
  }
}

type ValueSpec = { kind: "string"; value: string } | { kind: "wrong"; label: string } | { kind: "undefined" };

function valueSpec(field: ModelField): fc.Arbitrary<ValueSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: validValues(field).map((value): ValueSpec => ({ kind: "string", value })) },
    { weight: 4, arbitrary: hostileString(validValues(field)).map((value): ValueSpec => ({ kind: "string", value })) },
    { weight: 2, arbitrary: wrongTypeLabel.map((label): ValueSpec => ({ kind: "wrong", label })) },
    { weight: 1, arbitrary: fc.constant<ValueSpec>({ kind: "undefined" }) },
  );
}

function build(spec: ValueSpec): unknown {
  if (spec.kind === "string") return spec.value;
  if (spec.kind === "undefined") return undefined;
  return WRONG_TYPES[spec.label]!();
}

/** What the model says of a member's value: only strings can pass. */
function modelValue(spec: ValueSpec | undefined): unknown {
  if (spec === undefined || spec.kind === "undefined") return undefined;
  return spec.kind === "string" ? spec.value : WRONG_TYPE_MARKER;
}
const WRONG_TYPE_MARKER = Symbol("not a string");

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/**
 * How the input object is made. Every shape holds the members as own properties except
 * `inherited`, whose members sit on its prototype (where the client must not look).
 * `changing getters` answer the generated value on the first read and a path traversal
 * after it, so a client that validates one read and sends another is caught.
 */
const SHAPES = ["plain", "null prototype", "class instance", "frozen", "proxy", "getters", "changing getters", "inherited"] as const;
type Shape = (typeof SHAPES)[number];

/** Extra keys a caller (or an attacker feeding JSON) may add; none may change what is sent. */
const EXTRA_KEYS = [
  "__proto__", "constructor", "toString", "valueOf", "toJSON", "hasOwnProperty", "then", "RepositoryName", "repositoryname", "layerdigest",
  "registryID", "registryId ", "", "0", "length", "prototype",
];
/** Values for the extra keys: a poisoned object, a lying toJSON, a thenable, and the wrong types. */
const EXTRA_VALUES: Record<string, () => unknown> = {
  "poisoned members": () => ({ registryId: "../../..", repositoryName: "../../etc/passwd", layerDigest: "sha256:ZZ" }),
  "toJSON answering poisoned members": () => () => ({ repositoryName: "../../etc/passwd", layerDigest: "x" }),
  thenable: () => ({ then: (resolve: (value: unknown) => void) => resolve({ repositoryName: "../x" }) }),
  "function answering true": () => () => true,
  "path traversal": () => "../../etc/passwd",
  ...WRONG_TYPES,
};

interface InputSpec {
  shape: Shape;
  members: Partial<Record<ModelField, ValueSpec>>;
  extras: Array<[string, string]>;
}

function inputSpec(): fc.Arbitrary<InputSpec> {
  // Start from a layer the fake holds, so that well-formed calls often succeed, then
  // replace any member with something else (or drop it).
  const known = fc.constantFrom(...ecr.layers).map((layer) => ({
    repositoryName: { kind: "string", value: layer.repositoryName } as ValueSpec,
    layerDigest: { kind: "string", value: layer.layerDigest } as ValueSpec,
  }));
  const replacement = (field: ModelField) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<"keep">("keep") },
      { weight: 1, arbitrary: fc.constant<"drop">("drop") },
      { weight: 3, arbitrary: valueSpec(field) },
    );
  return fc
    .record({
      shape: fc.oneof({ weight: 6, arbitrary: fc.constant<Shape>("plain") }, { weight: 4, arbitrary: fc.constantFrom(...SHAPES) }),
      known,
      repositoryName: replacement("repositoryName"),
      layerDigest: replacement("layerDigest"),
      registryId: fc.oneof({ weight: 3, arbitrary: fc.constant<"drop">("drop") }, { weight: 2, arbitrary: valueSpec("registryId") }),
      extras: fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.constantFrom(...Object.keys(EXTRA_VALUES))), { maxLength: 3 }),
    })
    .map(({ shape, known, extras, ...replacements }) => {
      const members: Partial<Record<ModelField, ValueSpec>> = { ...known };
      for (const field of MODEL_FIELDS) {
        const replaced = replacements[field];
        if (replaced === "drop") delete members[field];
        else if (replaced !== "keep") members[field] = replaced;
      }
      return { shape, members, extras };
    });
}

function buildInput(spec: InputSpec): unknown {
  const target: Record<string, unknown> =
    spec.shape === "null prototype" ? Object.create(null) : spec.shape === "class instance" ? new (class Input {})() : {};
  const own = spec.shape === "inherited" ? Object.create(null) : target;
  for (const [field, value] of Object.entries(spec.members)) {
    const built = build(value);
    if (spec.shape === "getters") {
      Object.defineProperty(own, field, { get: () => built, enumerable: true, configurable: true });
    } else if (spec.shape === "changing getters") {
      let reads = 0;
      Object.defineProperty(own, field, { get: () => (reads++ === 0 ? built : "../../etc/passwd"), enumerable: true, configurable: true });
    } else {
      Object.defineProperty(own, field, { value: built, enumerable: true, writable: true, configurable: true });
    }
  }
  const input = spec.shape === "inherited" ? Object.create(own) : target;
  // defineProperty, so "__proto__" becomes an own key as JSON.parse would make it.
  for (const [key, label] of spec.extras) {
    Object.defineProperty(input, key, { value: EXTRA_VALUES[label]!(), enumerable: true, writable: true, configurable: true });
  }
  if (spec.shape === "frozen") return Object.freeze(input);
  if (spec.shape === "proxy") return new Proxy(input, {});
  return input;
}

/** The model's verdict on an input: the members that break it, or the body a request must carry. */
function verdict(spec: InputSpec): { invalid: Set<string>; body: Record<string, string> } {
  const invalid = new Set<string>();
  const body: Record<string, string> = {};
  for (const field of MODEL_FIELDS) {
    const value = spec.shape === "inherited" ? undefined : modelValue(spec.members[field]);
    if (!modelAllows(field, value)) invalid.add(field);
    else if (typeof value === "string") body[field] = value;
  }
  return { invalid, body };
}

// ---------------------------------------------------------------------------------------
// The claim, checked the same way for every kind of input
// ---------------------------------------------------------------------------------------

const apiRequestsSince = (start: number): RecordedRequest[] => ecr.requests.slice(start).filter((r) => r.kind === "api");

/** A refusal: EcrInputError naming one of the members the model rejects, nothing sent, a short message. */
function expectRefused(outcome: Outcome<unknown>, fields: ReadonlySet<string>, sent: RecordedRequest[]): void {
  expect(outcome.ok, "the call succeeded, but the model rejects the input").toBe(false);
  const error = (outcome as { error: unknown }).error;
  expect(error, describeError(error)).toBeInstanceOf(EcrInputError);
  const inputError = error as InstanceType<typeof EcrInputError>;
  expect([...fields], `the error names ${inputError.field}`).toContain(inputError.field);
  expect(inputError.message).toContain(inputError.field);
  expect(inputError.message.length, "the message repeats too much of the value").toBeLessThanOrEqual(MAX_INPUT_ERROR_MESSAGE);
  expect(inputError.$metadata.attempts).toBe(0);
  expect(sent, "a request was sent for an input the client refused").toHaveLength(0);
}

/**
 * An accepted input: exactly one request, carrying exactly the model-valid members and
 * no others, that the service did not find malformed; the answer relayed as it came.
 */
function expectSentAndRelayed(outcome: Outcome<unknown>, body: Record<string, string>, sent: RecordedRequest[]): void {
  if (!outcome.ok) {
    expect(outcome.error, `a model-valid input was refused: ${describeError(outcome.error)}`).not.toBeInstanceOf(EcrInputError);
  }
  expect(sent, "one request per valid call").toHaveLength(1);
  const request = sent[0]!;
  const received = JSON.parse(request.body) as Record<string, unknown>;
  expect(received).toEqual(body);
  for (const [field, value] of Object.entries(received)) {
    expect(modelAllows(field as ModelField, value), `${field} ${JSON.stringify(value)} was sent`).toBe(true);
  }
  expect(request.signature).toBe("valid");
  expect(["ValidationException", "SerializationException"]).not.toContain(request.errorCode);
  if (outcome.ok) {
    expect(request.errorCode).toBeUndefined();
    const value = outcome.value as { downloadUrl: unknown; layerDigest: unknown };
    expect(typeof value.downloadUrl === "string" && value.downloadUrl.length > 0).toBe(true);
    expect(value.layerDigest).toBe(body.layerDigest);
  } else {
    const error = outcome.error;
    expect(error, describeError(error)).toBeInstanceOf(EcrServiceException);
    expect(NOT_FOUND_CODES).toContain(request.errorCode);
    expect((error as Error).name).toBe(request.errorCode);
  }
}

async function callWith(runtime: Runtime, input: unknown, options?: unknown) {
  const client = newClient(runtime);
  const start = ecr.requests.length;
  try {
    const outcome = await outcomeOf(() => client.getDownloadUrlForLayer(input as never, options as never), CALL_DEADLINE_MS, "the call");
    return { outcome, sent: apiRequestsSince(start) };
  } finally {
    client.destroy();
  }
}

describe.each(runtimes)("hostile input over $name", (runtime) => {
  it("sends every input the model allows, with exactly its values, and refuses every other before sending", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(inputSpec(), async (spec) => {
        const { invalid, body } = verdict(spec);
        const { outcome, sent } = await callWith(runtime, buildInput(spec));
        if (invalid.size > 0) expectRefused(outcome, invalid, sent);
        else expectSentAndRelayed(outcome, body, sent);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses a non-object, an array or an object without the members with EcrInputError naming the input or a missing member", { timeout: 60_000 }, async () => {
    const layer = ecr.layers[0]!;
    const valid = { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest };
    const NOT_INPUTS: Record<string, () => unknown> = {
      undefined: () => undefined,
      "the input as a JSON string": () => JSON.stringify(valid),
      "the input in an array": () => [valid],
      "an array with the members as properties": () => Object.assign([], valid),
      "a function with the members as properties": () => Object.assign(() => {}, valid),
      "boxed string of the JSON": () => new String(JSON.stringify(valid)),
      ...WRONG_TYPES,
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(NOT_INPUTS)), async (label) => {
        const input = NOT_INPUTS[label]!();
        const isStructure = typeof input === "object" && input !== null && !Array.isArray(input);
        // A non-array object has none of the members as own properties: both required ones are missing.
        const fields = new Set(isStructure ? ["repositoryName", "layerDigest"] : ["input"]);
        const { outcome, sent } = await callWith(runtime, input);
        expectRefused(outcome, fields, sent);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses functions and proxies with hostile coercion as members or input with EcrInputError, never letting a TypeError out", { timeout: 60_000 }, async () => {
    const layer = ecr.layers[0]!;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(EXOTIC_VALUES)), fc.constantFrom<ModelField | "input">("input", ...MODEL_FIELDS), async (label, where) => {
        const value = EXOTIC_VALUES[label]!();
        const input = where === "input" ? value : { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest, [where]: value };
        // A proxy of an object is an object: as the input, it lacks the required members.
        const fields = new Set(where === "input" ? ["input", "repositoryName", "layerDigest"] : [where]);
        const { outcome, sent } = await callWith(runtime, input);
        expectRefused(outcome, fields, sent);
      }),
      { numRuns: 60 },
    );
  });

  it("never takes a member from a polluted Object.prototype", { timeout: 60_000 }, async () => {
    const layer = ecr.layers[0]!;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MODEL_FIELDS),
        fc.oneof(validValues("registryId"), validValues("repositoryName"), fc.constantFrom(...NAMED_HOSTILE)),
        fc.boolean(),
        async (field, polluted, hasOwn) => {
          const input: Record<string, string> = { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest };
          if (!hasOwn) delete input[field];
          const body = { ...input };
          // Assignment, as a prototype-pollution bug would do it: enumerable, on every object.
          (Object.prototype as Record<string, unknown>)[field] = polluted;
          let result: Awaited<ReturnType<typeof callWith>>;
          try {
            result = await callWith(runtime, input);
          } finally {
            delete (Object.prototype as Record<string, unknown>)[field];
          }
          if (field === "registryId" || hasOwn) expectSentAndRelayed(result.outcome, body, result.sent);
          else expectRefused(result.outcome, new Set([field]), result.sent);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses call options of the wrong type with a typed error before sending, never a TypeError", { timeout: 60_000 }, async () => {
    const layer = ecr.layers[0]!;
    const aborted = new AbortController();
    aborted.abort(new Error("caller gave up"));
    const OPTIONS: Record<string, () => unknown> = {
      undefined: () => undefined,
      "empty object": () => ({}),
      null: () => null,
      "number 0": () => 0,
      string: () => "fast",
      "true": () => true,
      symbol: () => Symbol("options"),
      "empty array": () => [],
      function: () => () => {},
      "abortSignal: a fresh signal": () => ({ abortSignal: new AbortController().signal }),
      "abortSignal: an aborted signal": () => ({ abortSignal: aborted.signal }),
      "abortSignal: null": () => ({ abortSignal: null }),
      "abortSignal: a string": () => ({ abortSignal: "yes" }),
      "abortSignal: a number": () => ({ abortSignal: 1 }),
      "abortSignal: an empty object": () => ({ abortSignal: {} }),
      "abortSignal: { aborted: false }": () => ({ abortSignal: { aborted: false } }),
      "abortSignal: { aborted: true }": () => ({ abortSignal: { aborted: true } }),
      "abortSignal: an EventTarget": () => ({ abortSignal: new EventTarget() }),
      "requestTimeoutMs: -1": () => ({ requestTimeoutMs: -1 }),
      "requestTimeoutMs: NaN": () => ({ requestTimeoutMs: Number.NaN }),
      "requestTimeoutMs: Infinity": () => ({ requestTimeoutMs: Number.POSITIVE_INFINITY }),
      'requestTimeoutMs: "100"': () => ({ requestTimeoutMs: "100" }),
      "requestTimeoutMs: null": () => ({ requestTimeoutMs: null }),
      "requestTimeoutMs: an object": () => ({ requestTimeoutMs: {} }),
      'refresh: "yes"': () => ({ refresh: "yes" }),
      "refresh: 1": () => ({ refresh: 1 }),
      "refresh: null": () => ({ refresh: null }),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(OPTIONS)), async (label) => {
        const { outcome, sent } = await callWith(runtime, { repositoryName: layer.repositoryName, layerDigest: layer.layerDigest }, OPTIONS[label]!());
        if (outcome.ok) return;
        const error = outcome.error;
        expect([EcrInputError, EcrConfigError, AbortError].some((Class) => error instanceof Class), describeError(error)).toBe(true);
        if (!(error instanceof AbortError)) expect(sent, "a request was sent despite refused options").toHaveLength(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe.each(runtimes)("10 MB values over $name", (runtime) => {
  const TEN_MB = 10 * 1024 * 1024;
  const layer = () => ecr.layers[0]!;

  it.each([
    ["a 10 MB repositoryName", "repositoryName", () => ({ repositoryName: "a".repeat(TEN_MB), layerDigest: layer().layerDigest })],
    ["a 10 MB layerDigest of the wrong pattern", "layerDigest", () => ({ repositoryName: layer().repositoryName, layerDigest: `sha256:${"z".repeat(TEN_MB)}` })],
    ["a 10 MB registryId", "registryId", () => ({ registryId: "1".repeat(TEN_MB), repositoryName: layer().repositoryName, layerDigest: layer().layerDigest })],
    ["a 10 MB string as the input", "input", () => "{".repeat(TEN_MB)],
    ["a function with 10 MB of source as the layerDigest", "layerDigest", () => ({ repositoryName: layer().repositoryName, layerDigest: new Function(`return 1 /*${"x".repeat(TEN_MB)}*/`) })],
  ] as const)("refuses %s with a short EcrInputError and sends nothing", { timeout: 30_000 }, async (_what, field, make) => {
    const { outcome, sent } = await callWith(runtime, make());
    expectRefused(outcome, new Set([field]), sent);
  });

  it.each([
    ["a sha256 digest of the wrong length", () => `sha256:${"a".repeat(TEN_MB)}`],
    ["a digest the service quotes back in its error", () => `md5:${"a".repeat(TEN_MB)}`],
  ])("sends a 10 MB layerDigest the model allows (%s) and ends in a typed service error with a bounded message", { timeout: 30_000 }, async (_what, digest) => {
    const layerDigest = digest();
    const { outcome, sent } = await callWith(runtime, { repositoryName: layer().repositoryName, layerDigest });
    expect(sent).toHaveLength(1);
    expect(modelAllows("layerDigest", (JSON.parse(sent[0]!.body) as { layerDigest: string }).layerDigest)).toBe(true);
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error, describeError(error)).toBeInstanceOf(EcrServiceException);
    // The client reads at most 256 KiB of an answer; the message can be no longer.
    expect((error as Error).message.length).toBeLessThanOrEqual(256 * 1024);
  });
});
