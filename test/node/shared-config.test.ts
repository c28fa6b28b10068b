import { describe, expect, it } from "vitest";
import { regionInConfig } from "../../src/node/shared-config.js";

// The shared config file format as the AWS CLI documents it (~/.aws/config).
const text = `
# comment
[default]
region = us-east-1
output = json

[profile dev]
region=eu-west-1 ; trailing comment
s3 =
  region = not-this-one

[profile   spaced]
region = ap-south-1

[sso-session corp]
region = us-west-2

[dev]
region = wrong-section
`;

describe("shared config file region", () => {
  it("reads the default profile's region", () => expect(regionInConfig(text, "default")).toBe("us-east-1"));
  it("reads a named profile from [profile NAME], ignoring comments and nested blocks", () => expect(regionInConfig(text, "dev")).toBe("eu-west-1"));
  it("tolerates extra spaces in the section header", () => expect(regionInConfig(text, "spaced")).toBe("ap-south-1"));
  it("finds nothing for a missing profile or an sso-session section", () => {
    expect(regionInConfig(text, "corp")).toBeUndefined();
    expect(regionInConfig(text, "nope")).toBeUndefined();
  });
  it("accepts [profile default] as the default profile", () => expect(regionInConfig("[profile default]\nregion = sa-east-1\n", "default")).toBe("sa-east-1"));
});
