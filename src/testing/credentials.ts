/** Credentials the fake server accepts by default. None of them is, or looks up, a real key. */

/** An access key pair as the fake server knows it. */
export interface FakeCredentials {
  /** 20 characters, like a real access key id (`AKIA…`, or `ASIA…` for temporary ones). */
  readonly accessKeyId: string;
  /** 40 characters, like a real secret access key. */
  readonly secretAccessKey: string;
  /** For temporary credentials: requests must then carry exactly this token, signed. */
  readonly sessionToken?: string;
}

/**
 * The long-term pair {@link startFakeEcr} accepts unless told otherwise. Fixed, so a
 * test can configure a client with it before the server starts.
 */
export const FAKE_CREDENTIALS: FakeCredentials = {
  accessKeyId: "AKIAFAKEEXAMPLE12345",
  secretAccessKey: "fakeSecretKeyEcrLayerUrlTesting/EXAMPLE+",
};

/**
 * A temporary pair with a session token, for tests of token handling (a server started
 * with `credentials: [FAKE_CREDENTIALS, FAKE_SESSION_CREDENTIALS]` accepts both). The
 * token is long and base64-like, as real ones are, so redaction can be tested on it.
 */
export const FAKE_SESSION_CREDENTIALS: FakeCredentials = {
  accessKeyId: "ASIAFAKEEXAMPLE67890",
  secretAccessKey: "fakeTemporarySecretKeyForEcrLayerUrl/EX+",
  sessionToken:
    "IQoJb3JpZ2luX2VjEFAKEFAKEFAKE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDfakefakefake" +
    "+SessionTokenForEcrLayerUrlTestsOnly/NotARealToken0123456789abcdefghijklmnopqrstuvwxyz==",
};
