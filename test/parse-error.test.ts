import { describe, expect, it } from "vitest";
import { codeOf, parseErrorResponse } from "../src/parse-error.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const json11 = { "Content-Type": "application/x-amz-json-1.1" };

// The AWS JSON 1.1 error-parsing protocol tests from Smithy
// (smithy-lang/smithy, smithy-aws-protocol-tests/model/awsJson1_1/errors.smithy,
// at 0f7323128b0606a1b94b1ac482c94d3800a22708). `code` is the error shape the test
// expects; "" stands for the tests' absent body.
interface SmithyCase {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  code: string;
  message?: string;
}
const smithyCases: SmithyCase[] = [
  { id: "AwsJson11InvalidGreetingError", status: 400, headers: json11, body: '{"__type":"InvalidGreeting","Message":"Hi"}', code: "InvalidGreeting", message: "Hi" },
  { id: "AwsJson11ComplexError", status: 400, headers: json11, body: '{"__type":"ComplexError","TopLevel":"Top level","Nested":{"Foo":"bar"}}', code: "ComplexError" },
  { id: "AwsJson11EmptyComplexError", status: 400, headers: json11, body: '{"__type":"ComplexError"}', code: "ComplexError" },
  { id: "AwsJson11FooErrorUsingXAmznErrorType", status: 500, headers: { "X-Amzn-Errortype": "FooError" }, body: "", code: "FooError" },
  { id: "AwsJson11FooErrorUsingXAmznErrorTypeWithUri", status: 500, headers: { "X-Amzn-Errortype": "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/" }, body: "", code: "FooError" },
  { id: "AwsJson11FooErrorUsingXAmznErrorTypeWithUriAndNamespace", status: 500, headers: { "X-Amzn-Errortype": "aws.protocoltests.json#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/" }, body: "", code: "FooError" },
  { id: "AwsJson11FooErrorUsingCode", status: 500, headers: json11, body: '{"code":"FooError"}', code: "FooError" },
  { id: "AwsJson11FooErrorUsingCodeAndNamespace", status: 500, headers: json11, body: '{"code":"aws.protocoltests.json#FooError"}', code: "FooError" },
  { id: "AwsJson11FooErrorUsingCodeUriAndNamespace", status: 500, headers: json11, body: '{"code":"aws.protocoltests.json#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}', code: "FooError" },
  { id: "AwsJson11FooErrorWithDunderType", status: 500, headers: json11, body: '{"__type":"FooError"}', code: "FooError" },
  { id: "AwsJson11FooErrorWithDunderTypeAndNamespace", status: 500, headers: json11, body: '{"__type":"aws.protocoltests.json#FooError"}', code: "FooError" },
  { id: "AwsJson11FooErrorWithDunderTypeAndDifferentNamespace", status: 500, headers: json11, body: '{"__type":"aws.different.namespace#FooError"}', code: "FooError" },
  { id: "AwsJson11FooErrorWithDunderTypeUriAndNamespace", status: 500, headers: json11, body: '{"__type":"aws.protocoltests.json#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}', code: "FooError" },
  { id: "AwsJson11FooErrorWithNestedTypeProperty", status: 500, headers: json11, body: '{"__type":"aws.protocoltests.json#FooError","ErrorDetails":[{"__type":"com.amazon.internal#ErrorDetails","reason":"Some reason"}]}', code: "FooError" },
];

// The four error-type values that Smithy's aws-json protocol page
// ("Operation error serialization") says all resolve to FooError.
const specExamples = [
  "FooError",
  "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
  "smithy.example#FooError",
  "smithy.example#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
];

describe("parseErrorResponse: Smithy awsJson1_1 error tests", () => {
  describe.each(smithyCases)("$id", ({ status, headers, body, code, message }) => {
    it(`reads code ${code} from a string body`, () => {
      const got = parseErrorResponse({ statusCode: status, headers, body });
      expect(got.code).toBe(code);
      expect(got.message).toBe(message);
    });
    it(`reads code ${code} from a byte body`, () => {
      const got = parseErrorResponse({ statusCode: status, headers, body: bytes(body) });
      expect(got.code).toBe(code);
      expect(got.message).toBe(message);
    });
  });
});

describe("parseErrorResponse: error code", () => {
  it.each(specExamples)("resolves %s to FooError from the header, code and __type alike", (raw) => {
    expect(codeOf(raw)).toBe("FooError");
    expect(parseErrorResponse({ statusCode: 400, headers: { "x-amzn-errortype": raw }, body: "" }).code).toBe("FooError");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: JSON.stringify({ code: raw }) }).code).toBe("FooError");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: JSON.stringify({ __type: raw }) }).code).toBe("FooError");
  });

  it("prefers the X-Amzn-Errortype header over the body", () => {
    const got = parseErrorResponse({
      statusCode: 400,
      headers: { "X-Amzn-Errortype": "HeaderError" },
      body: '{"code":"CodeError","__type":"TypeError"}',
    });
    expect(got.code).toBe("HeaderError");
  });

  it("prefers the body's code over __type", () => {
    const got = parseErrorResponse({ statusCode: 400, headers: {}, body: '{"__type":"TypeError","code":"CodeError"}' });
    expect(got.code).toBe("CodeError");
  });

  it("accepts Code in any case, as the SDK does", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"Code":"CodeError","__type":"TypeError"}' }).code).toBe("CodeError");
  });

  it("falls through to __type when code is not a string", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"code":{"x":1},"__type":"TypeError"}' }).code).toBe("TypeError");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"code":null,"__type":"TypeError"}' }).code).toBe("TypeError");
  });

  it("falls through to the body when the header is empty", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: { "x-amzn-errortype": "" }, body: '{"__type":"TypeError"}' }).code).toBe("TypeError");
  });

  it("reads the header whatever the case of its name", () => {
    for (const name of ["x-amzn-errortype", "X-AMZN-ERRORTYPE", "X-Amzn-ErrorType"]) {
      expect(parseErrorResponse({ statusCode: 400, headers: { [name]: "FooError" }, body: "" }).code).toBe("FooError");
    }
  });

  it("keeps the first of comma-joined header values", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: { "x-amzn-errortype": "FooError, BarError" }, body: "" }).code).toBe("FooError");
  });

  it("sanitizes by ':' first so a '#' inside the URI does not count", () => {
    expect(codeOf("ns#FooError:http://example.com/a#frag")).toBe("FooError");
    expect(codeOf("a#b#c")).toBe("b#c");
  });

  it("gives undefined for values that are not codes", () => {
    for (const value of [undefined, null, {}, [], true, "", ":uri", "ns#", Number.NaN]) expect(codeOf(value)).toBeUndefined();
    expect(codeOf(404)).toBe("404");
  });

  it("gives no code when neither header nor body has one", () => {
    expect(parseErrorResponse({ statusCode: 500, headers: json11, body: '{"message":"boom"}' }).code).toBeUndefined();
  });
});

describe("parseErrorResponse: message, request id and body", () => {
  it.each(["message", "Message", "errorMessage"])("reads the message from %s", (key) => {
    const got = parseErrorResponse({ statusCode: 400, headers: {}, body: JSON.stringify({ __type: "E", [key]: "it broke" }) });
    expect(got.message).toBe("it broke");
  });

  it("prefers message, then Message, then errorMessage", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"errorMessage":"c","Message":"b","message":"a"}' }).message).toBe("a");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"errorMessage":"c","Message":"b"}' }).message).toBe("b");
  });

  it("ignores a message that is not a string", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"message":{"text":"x"}}' }).message).toBeUndefined();
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '{"message":42,"Message":"real"}' }).message).toBe("real");
  });

  it("reads the request id from x-amzn-RequestId in any case", () => {
    for (const name of ["x-amzn-RequestId", "x-amzn-requestid", "X-AMZN-REQUESTID"]) {
      expect(parseErrorResponse({ statusCode: 400, headers: { [name]: "req-1" }, body: "" }).requestId).toBe("req-1");
    }
  });

  it("falls back to x-amz-request-id for the request id", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: { "X-Amz-Request-Id": "req-2" }, body: "" }).requestId).toBe("req-2");
    expect(
      parseErrorResponse({ statusCode: 400, headers: { "x-amz-request-id": "req-2", "x-amzn-requestid": "req-1" }, body: "" }).requestId,
    ).toBe("req-1");
  });

  it("skips headers whose value is undefined", () => {
    const got = parseErrorResponse({ statusCode: 400, headers: { "x-amzn-requestid": undefined, "x-amzn-errortype": undefined }, body: "" });
    expect(got).toEqual({});
  });

  it("returns the parsed body when it is a JSON object", () => {
    const got = parseErrorResponse({ statusCode: 400, headers: {}, body: '{"__type":"E","extra":[1]}' });
    expect(got.body).toEqual({ __type: "E", extra: [1] });
  });

  it("parses a body with leading whitespace or a byte-order mark", () => {
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '\n  {"__type":"E"}' }).code).toBe("E");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: '\uFEFF{"__type":"E"}' }).code).toBe("E");
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: bytes('\uFEFF{"__type":"E"}') }).code).toBe("E");
  });

  it("does not read inherited properties through __proto__", () => {
    const got = parseErrorResponse({ statusCode: 400, headers: {}, body: '{"__proto__":{"code":"Evil","message":"x"}}' });
    expect(got.code).toBeUndefined();
    expect(got.message).toBeUndefined();
  });
});

describe("parseErrorResponse: malformed bodies never throw", () => {
  const malformed: { what: string; body: string | Uint8Array }[] = [
    { what: "an empty string", body: "" },
    { what: "empty bytes", body: new Uint8Array(0) },
    { what: "whitespace", body: " \r\n\t" },
    { what: "an HTML 503 page", body: "<html><body><h1>503 Service Unavailable</h1></body></html>" },
    { what: "truncated JSON", body: '{"__type":"Foo"' },
    { what: "truncated JSON bytes", body: bytes('{"__type":"Foo","message":"cut') },
    { what: "null", body: "null" },
    { what: "an array", body: '[{"__type":"Foo"}]' },
    { what: "a JSON string", body: '"str"' },
    { what: "a number", body: "42" },
    { what: "invalid UTF-8 bytes", body: new Uint8Array([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]) },
    { what: "plain text", body: "Service Unavailable" },
  ];

  it.each(malformed)("gives no code or message for $what", ({ body }) => {
    const got = parseErrorResponse({ statusCode: 503, headers: { "x-amzn-requestid": "r" }, body });
    expect(got).toEqual({ requestId: "r" });
  });

  it.each(malformed)("still takes the code from the header for $what", ({ body }) => {
    const got = parseErrorResponse({ statusCode: 503, headers: { "X-Amzn-ErrorType": "ns#ThrottlingException:uri" }, body });
    expect(got.code).toBe("ThrottlingException");
    expect(got.message).toBeUndefined();
  });

  it("keeps valid JSON that merely contains replaced invalid UTF-8 in a string", () => {
    const body = new Uint8Array([...bytes('{"__type":"E","message":"a'), 0xff, ...bytes('b"}')]);
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body })).toMatchObject({ code: "E", message: "a\uFFFDb" });
  });

  it("handles a multi-megabyte body in linear time", () => {
    const big = `{"__type":"Big","message":"${"x".repeat(8_000_000)}"}`;
    const html = `<html>${"<p>x</p>".repeat(1_000_000)}</html>`;
    const started = Date.now();
    expect(parseErrorResponse({ statusCode: 400, headers: {}, body: big }).code).toBe("Big");
    expect(parseErrorResponse({ statusCode: 503, headers: {}, body: html }).code).toBeUndefined();
    expect(parseErrorResponse({ statusCode: 503, headers: {}, body: " ".repeat(5_000_000) }).code).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
