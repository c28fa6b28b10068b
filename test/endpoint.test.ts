import { describe, expect, it } from "vitest";
import { partitionOf, resolveEndpoint } from "../src/endpoint.js";
import { EcrConfigError } from "../src/errors.js";

type Params = Parameters<typeof resolveEndpoint>[0];

/** Runs `fn`, asserting it throws an EcrConfigError, and returns the message. */
function configErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EcrConfigError);
    return (error as EcrConfigError).message;
  }
  throw new Error("expected an EcrConfigError, but nothing was thrown");
}

// The official ECR endpoint test cases (botocore
// botocore/data/ecr/2015-09-21/endpoint-tests-1.json, 26 cases), with the rule-set
// parameter names kept. A missing `Region` is passed as undefined.
interface OfficialCase {
  doc: string;
  params: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string };
  url?: string;
  error?: string;
}
const officialCases: OfficialCase[] = [
  { doc: "For custom endpoint with region not set and fips disabled", params: { UseFIPS: false, Endpoint: "https://example.com" }, url: "https://example.com" },
  { doc: "For custom endpoint with fips enabled", params: { UseFIPS: true, Endpoint: "https://example.com" }, error: "Invalid Configuration: FIPS and custom endpoint are not supported" },
  { doc: "For custom endpoint with fips disabled and dualstack enabled", params: { UseFIPS: false, UseDualStack: true, Endpoint: "https://example.com" }, error: "Invalid Configuration: Dualstack and custom endpoint are not supported" },
  { doc: "For region us-east-1 with FIPS enabled and DualStack enabled", params: { Region: "us-east-1", UseFIPS: true, UseDualStack: true }, url: "https://ecr-fips.us-east-1.api.aws" },
  { doc: "For region us-east-1 with FIPS enabled and DualStack disabled", params: { Region: "us-east-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.us-east-1.amazonaws.com" },
  { doc: "For region us-east-1 with FIPS disabled and DualStack enabled", params: { Region: "us-east-1", UseFIPS: false, UseDualStack: true }, url: "https://ecr.us-east-1.api.aws" },
  { doc: "For region us-east-1 with FIPS disabled and DualStack disabled", params: { Region: "us-east-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.us-east-1.amazonaws.com" },
  { doc: "For region cn-northwest-1 with FIPS enabled and DualStack enabled", params: { Region: "cn-northwest-1", UseFIPS: true, UseDualStack: true }, url: "https://ecr-fips.cn-northwest-1.api.amazonwebservices.com.cn" },
  { doc: "For region cn-northwest-1 with FIPS enabled and DualStack disabled", params: { Region: "cn-northwest-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.cn-northwest-1.amazonaws.com.cn" },
  { doc: "For region cn-northwest-1 with FIPS disabled and DualStack enabled", params: { Region: "cn-northwest-1", UseFIPS: false, UseDualStack: true }, url: "https://ecr.cn-northwest-1.api.amazonwebservices.com.cn" },
  { doc: "For region cn-northwest-1 with FIPS disabled and DualStack disabled", params: { Region: "cn-northwest-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.cn-northwest-1.amazonaws.com.cn" },
  { doc: "For region eusc-de-east-1 with FIPS enabled and DualStack disabled", params: { Region: "eusc-de-east-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.eusc-de-east-1.amazonaws.eu" },
  { doc: "For region eusc-de-east-1 with FIPS disabled and DualStack disabled", params: { Region: "eusc-de-east-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.eusc-de-east-1.amazonaws.eu" },
  { doc: "For region us-iso-east-1 with FIPS enabled and DualStack disabled", params: { Region: "us-iso-east-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.us-iso-east-1.c2s.ic.gov" },
  { doc: "For region us-iso-east-1 with FIPS disabled and DualStack disabled", params: { Region: "us-iso-east-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.us-iso-east-1.c2s.ic.gov" },
  { doc: "For region us-isob-east-1 with FIPS enabled and DualStack disabled", params: { Region: "us-isob-east-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.us-isob-east-1.sc2s.sgov.gov" },
  { doc: "For region us-isob-east-1 with FIPS disabled and DualStack disabled", params: { Region: "us-isob-east-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.us-isob-east-1.sc2s.sgov.gov" },
  { doc: "For region eu-isoe-west-1 with FIPS enabled and DualStack disabled", params: { Region: "eu-isoe-west-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.eu-isoe-west-1.cloud.adc-e.uk" },
  { doc: "For region eu-isoe-west-1 with FIPS disabled and DualStack disabled", params: { Region: "eu-isoe-west-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.eu-isoe-west-1.cloud.adc-e.uk" },
  { doc: "For region us-isof-south-1 with FIPS enabled and DualStack disabled", params: { Region: "us-isof-south-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.us-isof-south-1.csp.hci.ic.gov" },
  { doc: "For region us-isof-south-1 with FIPS disabled and DualStack disabled", params: { Region: "us-isof-south-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.us-isof-south-1.csp.hci.ic.gov" },
  { doc: "For region us-gov-west-1 with FIPS enabled and DualStack enabled", params: { Region: "us-gov-west-1", UseFIPS: true, UseDualStack: true }, url: "https://ecr-fips.us-gov-west-1.api.aws" },
  { doc: "For region us-gov-west-1 with FIPS enabled and DualStack disabled", params: { Region: "us-gov-west-1", UseFIPS: true, UseDualStack: false }, url: "https://api.ecr-fips.us-gov-west-1.amazonaws.com" },
  { doc: "For region us-gov-west-1 with FIPS disabled and DualStack enabled", params: { Region: "us-gov-west-1", UseFIPS: false, UseDualStack: true }, url: "https://ecr.us-gov-west-1.api.aws" },
  { doc: "For region us-gov-west-1 with FIPS disabled and DualStack disabled", params: { Region: "us-gov-west-1", UseFIPS: false, UseDualStack: false }, url: "https://api.ecr.us-gov-west-1.amazonaws.com" },
  { doc: "Missing region", params: {}, error: "Invalid Configuration: Missing Region" },
];

// For every partition in partitions.json (v1.1): one region listed in its `regions`
// map and one that only its `regionRegex` matches, with the four URLs written out from
// the partition's dnsSuffix / dualStackDnsSuffix and the rule set's templates.
interface PartitionRow {
  partition: string;
  region: string;
  via: "listed" | "regex";
  standard: string;
  fips: string;
  dualStack: string;
  fipsDualStack: string;
}
const partitionRows: PartitionRow[] = [
  { partition: "aws", region: "us-west-2", via: "listed", standard: "https://api.ecr.us-west-2.amazonaws.com", fips: "https://api.ecr-fips.us-west-2.amazonaws.com", dualStack: "https://ecr.us-west-2.api.aws", fipsDualStack: "https://ecr-fips.us-west-2.api.aws" },
  { partition: "aws", region: "eu-west-4", via: "regex", standard: "https://api.ecr.eu-west-4.amazonaws.com", fips: "https://api.ecr-fips.eu-west-4.amazonaws.com", dualStack: "https://ecr.eu-west-4.api.aws", fipsDualStack: "https://ecr-fips.eu-west-4.api.aws" },
  { partition: "aws-cn", region: "cn-north-1", via: "listed", standard: "https://api.ecr.cn-north-1.amazonaws.com.cn", fips: "https://api.ecr-fips.cn-north-1.amazonaws.com.cn", dualStack: "https://ecr.cn-north-1.api.amazonwebservices.com.cn", fipsDualStack: "https://ecr-fips.cn-north-1.api.amazonwebservices.com.cn" },
  { partition: "aws-cn", region: "cn-south-1", via: "regex", standard: "https://api.ecr.cn-south-1.amazonaws.com.cn", fips: "https://api.ecr-fips.cn-south-1.amazonaws.com.cn", dualStack: "https://ecr.cn-south-1.api.amazonwebservices.com.cn", fipsDualStack: "https://ecr-fips.cn-south-1.api.amazonwebservices.com.cn" },
  { partition: "aws-eusc", region: "eusc-de-east-1", via: "listed", standard: "https://api.ecr.eusc-de-east-1.amazonaws.eu", fips: "https://api.ecr-fips.eusc-de-east-1.amazonaws.eu", dualStack: "https://ecr.eusc-de-east-1.api.amazonwebservices.eu", fipsDualStack: "https://ecr-fips.eusc-de-east-1.api.amazonwebservices.eu" },
  { partition: "aws-eusc", region: "eusc-de-west-1", via: "regex", standard: "https://api.ecr.eusc-de-west-1.amazonaws.eu", fips: "https://api.ecr-fips.eusc-de-west-1.amazonaws.eu", dualStack: "https://ecr.eusc-de-west-1.api.amazonwebservices.eu", fipsDualStack: "https://ecr-fips.eusc-de-west-1.api.amazonwebservices.eu" },
  { partition: "aws-iso", region: "us-iso-west-1", via: "listed", standard: "https://api.ecr.us-iso-west-1.c2s.ic.gov", fips: "https://api.ecr-fips.us-iso-west-1.c2s.ic.gov", dualStack: "https://ecr.us-iso-west-1.api.aws.ic.gov", fipsDualStack: "https://ecr-fips.us-iso-west-1.api.aws.ic.gov" },
  { partition: "aws-iso", region: "us-iso-south-1", via: "regex", standard: "https://api.ecr.us-iso-south-1.c2s.ic.gov", fips: "https://api.ecr-fips.us-iso-south-1.c2s.ic.gov", dualStack: "https://ecr.us-iso-south-1.api.aws.ic.gov", fipsDualStack: "https://ecr-fips.us-iso-south-1.api.aws.ic.gov" },
  { partition: "aws-iso-b", region: "us-isob-west-1", via: "listed", standard: "https://api.ecr.us-isob-west-1.sc2s.sgov.gov", fips: "https://api.ecr-fips.us-isob-west-1.sc2s.sgov.gov", dualStack: "https://ecr.us-isob-west-1.api.aws.scloud", fipsDualStack: "https://ecr-fips.us-isob-west-1.api.aws.scloud" },
  { partition: "aws-iso-b", region: "us-isob-south-1", via: "regex", standard: "https://api.ecr.us-isob-south-1.sc2s.sgov.gov", fips: "https://api.ecr-fips.us-isob-south-1.sc2s.sgov.gov", dualStack: "https://ecr.us-isob-south-1.api.aws.scloud", fipsDualStack: "https://ecr-fips.us-isob-south-1.api.aws.scloud" },
  { partition: "aws-iso-e", region: "eu-isoe-west-1", via: "listed", standard: "https://api.ecr.eu-isoe-west-1.cloud.adc-e.uk", fips: "https://api.ecr-fips.eu-isoe-west-1.cloud.adc-e.uk", dualStack: "https://ecr.eu-isoe-west-1.api.cloud-aws.adc-e.uk", fipsDualStack: "https://ecr-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk" },
  { partition: "aws-iso-e", region: "eu-isoe-north-1", via: "regex", standard: "https://api.ecr.eu-isoe-north-1.cloud.adc-e.uk", fips: "https://api.ecr-fips.eu-isoe-north-1.cloud.adc-e.uk", dualStack: "https://ecr.eu-isoe-north-1.api.cloud-aws.adc-e.uk", fipsDualStack: "https://ecr-fips.eu-isoe-north-1.api.cloud-aws.adc-e.uk" },
  { partition: "aws-iso-f", region: "us-isof-east-1", via: "listed", standard: "https://api.ecr.us-isof-east-1.csp.hci.ic.gov", fips: "https://api.ecr-fips.us-isof-east-1.csp.hci.ic.gov", dualStack: "https://ecr.us-isof-east-1.api.aws.hci.ic.gov", fipsDualStack: "https://ecr-fips.us-isof-east-1.api.aws.hci.ic.gov" },
  { partition: "aws-iso-f", region: "us-isof-west-1", via: "regex", standard: "https://api.ecr.us-isof-west-1.csp.hci.ic.gov", fips: "https://api.ecr-fips.us-isof-west-1.csp.hci.ic.gov", dualStack: "https://ecr.us-isof-west-1.api.aws.hci.ic.gov", fipsDualStack: "https://ecr-fips.us-isof-west-1.api.aws.hci.ic.gov" },
  { partition: "aws-us-gov", region: "us-gov-east-1", via: "listed", standard: "https://api.ecr.us-gov-east-1.amazonaws.com", fips: "https://api.ecr-fips.us-gov-east-1.amazonaws.com", dualStack: "https://ecr.us-gov-east-1.api.aws", fipsDualStack: "https://ecr-fips.us-gov-east-1.api.aws" },
  { partition: "aws-us-gov", region: "us-gov-central-1", via: "regex", standard: "https://api.ecr.us-gov-central-1.amazonaws.com", fips: "https://api.ecr-fips.us-gov-central-1.amazonaws.com", dualStack: "https://ecr.us-gov-central-1.api.aws", fipsDualStack: "https://ecr-fips.us-gov-central-1.api.aws" },
];

// Every name in each partition's `regions` map in partitions.json (v1.1).
const listedRegions: Record<string, string[]> = {
  aws: [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "aws-global", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
    "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
    "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ],
  "aws-cn": ["aws-cn-global", "cn-north-1", "cn-northwest-1"],
  "aws-eusc": ["eusc-de-east-1"],
  "aws-iso": ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
  "aws-iso-e": ["aws-iso-e-global", "eu-isoe-west-1"],
  "aws-iso-f": ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
  "aws-us-gov": ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
};

describe("resolveEndpoint: official ECR endpoint tests", () => {
  it.each(officialCases)("$doc", ({ params, url, error }) => {
    const input = {
      region: params.Region,
      useFipsEndpoint: params.UseFIPS,
      useDualstackEndpoint: params.UseDualStack,
      endpoint: params.Endpoint,
    } as Params;
    if (error !== undefined) {
      expect(configErrorOf(() => resolveEndpoint(input))).toBe(error);
    } else {
      const got = resolveEndpoint(input);
      expect(got).toBeInstanceOf(URL);
      expect(got.href).toBe(`${url}/`);
    }
  });
});

describe("resolveEndpoint: every partition, FIPS x dual-stack", () => {
  describe.each(partitionRows)("$partition region $region ($via)", (row) => {
    it(`resolves standard in ${row.partition} to ${row.standard}`, () => {
      expect(resolveEndpoint({ region: row.region }).href).toBe(`${row.standard}/`);
      expect(resolveEndpoint({ region: row.region, useFipsEndpoint: false, useDualstackEndpoint: false }).href).toBe(`${row.standard}/`);
    });
    it(`resolves FIPS in ${row.partition} to ${row.fips}`, () => {
      expect(resolveEndpoint({ region: row.region, useFipsEndpoint: true }).href).toBe(`${row.fips}/`);
    });
    it(`resolves dual-stack in ${row.partition} to ${row.dualStack}`, () => {
      expect(resolveEndpoint({ region: row.region, useDualstackEndpoint: true }).href).toBe(`${row.dualStack}/`);
    });
    it(`resolves FIPS dual-stack in ${row.partition} to ${row.fipsDualStack}`, () => {
      const got = resolveEndpoint({ region: row.region, useFipsEndpoint: true, useDualstackEndpoint: true });
      expect(got.href).toBe(`${row.fipsDualStack}/`);
    });
    it(`places ${row.region} in partition ${row.partition}`, () => {
      expect(partitionOf(row.region).name).toBe(row.partition);
    });
  });

  it("places every region listed in partitions.json in its own partition", () => {
    for (const [partition, regions] of Object.entries(listedRegions)) {
      for (const region of regions) expect([region, partitionOf(region).name]).toEqual([region, partition]);
    }
  });

  it("resolves the *-global pseudo-regions by exact name, not by regex (e.g. aws-cn-global to .amazonaws.com.cn)", () => {
    expect(resolveEndpoint({ region: "aws-global" }).href).toBe("https://api.ecr.aws-global.amazonaws.com/");
    expect(resolveEndpoint({ region: "aws-cn-global" }).href).toBe("https://api.ecr.aws-cn-global.amazonaws.com.cn/");
    expect(resolveEndpoint({ region: "aws-iso-global" }).href).toBe("https://api.ecr.aws-iso-global.c2s.ic.gov/");
    expect(resolveEndpoint({ region: "aws-iso-b-global" }).href).toBe("https://api.ecr.aws-iso-b-global.sc2s.sgov.gov/");
    expect(resolveEndpoint({ region: "aws-iso-e-global" }).href).toBe("https://api.ecr.aws-iso-e-global.cloud.adc-e.uk/");
    expect(resolveEndpoint({ region: "aws-iso-f-global", useDualstackEndpoint: true }).href).toBe(
      "https://ecr.aws-iso-f-global.api.aws.hci.ic.gov/",
    );
    expect(partitionOf("aws-us-gov-global").name).toBe("aws-us-gov");
  });

  it("falls back to aws for a region no partition lists or matches", () => {
    expect(resolveEndpoint({ region: "xx-somewhere-1" }).href).toBe("https://api.ecr.xx-somewhere-1.amazonaws.com/");
    expect(resolveEndpoint({ region: "local", useDualstackEndpoint: true }).href).toBe("https://ecr.local.api.aws/");
    expect(partitionOf("mars-east-1").name).toBe("aws");
    // "eusc-de-1" lacks the eusc regex's middle \w+ part.
    expect(resolveEndpoint({ region: "eusc-de-1" }).href).toBe("https://api.ecr.eusc-de-1.amazonaws.com/");
  });

  it("lets the aws regex win for names like us-iso-1 that a later partition's regex does not match", () => {
    // ^(us|...)-\w+-\d+$ matches "us-iso-1"; aws-iso's ^us-iso-\w+-\d+$ needs one more part.
    expect(resolveEndpoint({ region: "us-iso-1" }).href).toBe("https://api.ecr.us-iso-1.amazonaws.com/");
    expect(partitionOf("us-gov-1").name).toBe("aws");
  });
});

describe("resolveEndpoint: FIPS pseudo-regions", () => {
  it("resolves fips-us-gov-west-1 to https://api.ecr-fips.us-gov-west-1.amazonaws.com", () => {
    expect(resolveEndpoint({ region: "fips-us-gov-west-1" }).href).toBe("https://api.ecr-fips.us-gov-west-1.amazonaws.com/");
  });
  it("resolves cn-north-1-fips to https://api.ecr-fips.cn-north-1.amazonaws.com.cn", () => {
    expect(resolveEndpoint({ region: "cn-north-1-fips" }).href).toBe("https://api.ecr-fips.cn-north-1.amazonaws.com.cn/");
  });
  it("resolves fips-us-east-1 with dual-stack to https://ecr-fips.us-east-1.api.aws", () => {
    expect(resolveEndpoint({ region: "fips-us-east-1", useDualstackEndpoint: true }).href).toBe("https://ecr-fips.us-east-1.api.aws/");
  });
  it("turns FIPS on even when useFipsEndpoint is false, as the SDK does", () => {
    expect(resolveEndpoint({ region: "us-west-2-fips", useFipsEndpoint: false }).href).toBe("https://api.ecr-fips.us-west-2.amazonaws.com/");
  });
  it("maps fips-aws-global and aws-fips to us-east-1 and strips fips-dkr-, as the SDK does", () => {
    expect(resolveEndpoint({ region: "fips-aws-global" }).href).toBe("https://api.ecr-fips.us-east-1.amazonaws.com/");
    expect(resolveEndpoint({ region: "aws-fips" }).href).toBe("https://api.ecr-fips.us-east-1.amazonaws.com/");
    expect(resolveEndpoint({ region: "fips-dkr-us-east-2" }).href).toBe("https://api.ecr-fips.us-east-2.amazonaws.com/");
  });
  it("rejects a FIPS pseudo-region with a custom endpoint", () => {
    expect(configErrorOf(() => resolveEndpoint({ region: "fips-us-east-1", endpoint: "https://example.com" }))).toBe(
      "Invalid Configuration: FIPS and custom endpoint are not supported",
    );
  });
  it("rejects fips- and -fips with nothing around them", () => {
    expect(configErrorOf(() => resolveEndpoint({ region: "fips-" }))).toContain('"fips-"');
    expect(configErrorOf(() => resolveEndpoint({ region: "-fips" }))).toContain('"-fips"');
  });
  it("rejects a FIPS pseudo-region whose real region is not a host label, naming both", () => {
    const message = configErrorOf(() => resolveEndpoint({ region: "fips-us-east-1.evil.com" }));
    expect(message).toContain('"fips-us-east-1.evil.com"');
    expect(message).toContain('"us-east-1.evil.com"');
  });
});

describe("resolveEndpoint: region validation", () => {
  const invalid: { what: string; region: string }[] = [
    { what: "a dotted name that would change the host", region: "us-east-1.evil.com" },
    { what: "spaces", region: "us east 1" },
    { what: "a slash", region: "a/b" },
    { what: "an @", region: "a@b" },
    { what: "a colon (port)", region: "us-east-1:443" },
    { what: "an underscore", region: "us_east_1" },
    { what: "a leading hyphen", region: "-us-east-1" },
    { what: "a trailing hyphen", region: "us-east-1-" },
    { what: "a trailing newline", region: "us-east-1\n" },
    { what: "non-ASCII letters", region: "us-éast-1" },
    { what: "the empty string", region: "" },
    { what: "64 characters", region: "a".repeat(64) },
  ];
  it.each(invalid)("rejects a region with $what, naming it and the host-label rule", ({ region }) => {
    const message = configErrorOf(() => resolveEndpoint({ region }));
    expect(message).toContain(JSON.stringify(region));
    expect(message).toContain("host label");
  });

  it("rejects an invalid region even when a custom endpoint is set (it is still the signing region)", () => {
    const message = configErrorOf(() => resolveEndpoint({ region: "a/b", endpoint: "https://example.com" }));
    expect(message).toContain('"a/b"');
  });

  it("shortens a long bad region in the message", () => {
    const region = `${"x".repeat(300)}.evil`;
    const message = configErrorOf(() => resolveEndpoint({ region }));
    expect(message).toContain(`"${"x".repeat(77)}..."`);
    expect(message).not.toContain("x".repeat(78));
    expect(message.length).toBeLessThan(300);
  });

  it.each([
    { what: "a number", region: 1, shows: "number 1" },
    { what: "an object", region: { region: "us-east-1" }, shows: "object" },
    { what: "a boolean", region: true, shows: "boolean true" },
    { what: "an array", region: ["us-east-1"], shows: "an array" },
  ])("rejects $what as region, naming its type", ({ region, shows }) => {
    const message = configErrorOf(() => resolveEndpoint({ region } as unknown as Params));
    expect(message).toContain("expected a string");
    expect(message).toContain(shows);
  });

  it("treats a null region as missing", () => {
    expect(configErrorOf(() => resolveEndpoint({ region: null } as unknown as Params))).toBe(
      "Invalid Configuration: Missing Region",
    );
  });

  it("accepts a 63-character region", () => {
    const region = "a".repeat(63);
    expect(resolveEndpoint({ region }).href).toBe(`https://api.ecr.${region}.amazonaws.com/`);
  });

  it.each(["US-EAST-1", "CN-NORTH-1", "Us-east-1"])("rejects the upper-case region %j, which would match the wrong partition", (region) => {
    // Partition regexes are lower case: "CN-NORTH-1" would otherwise resolve in aws, not aws-cn.
    const message = configErrorOf(() => resolveEndpoint({ region }));
    expect(message).toContain(JSON.stringify(region));
    expect(message).toContain("lower case");
  });

  it.each([
    { key: "useFipsEndpoint", value: "true" },
    { key: "useDualstackEndpoint", value: 1 },
  ])("rejects a non-boolean $key", ({ key, value }) => {
    const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", [key]: value } as unknown as Params));
    expect(message).toContain(key);
  });
});

describe("resolveEndpoint: plain http", () => {
  // The WHATWG URL parser normalizes hosts first: 127.1 is 127.0.0.1, [::ffff:127.0.0.1] is [::ffff:7f00:1].
  it.each(["http://localhost:4566", "http://LOCALHOST", "http://127.0.0.1:1", "http://127.255.0.9", "http://127.1", "http://[::1]:8080", "http://[::ffff:127.0.0.1]"])(
    "allows loopback %s without opting in",
    (endpoint) => {
      expect(resolveEndpoint({ region: "us-east-1", endpoint }).protocol).toBe("http:");
    },
  );

  it.each(["http://ecr.internal:4566", "http://10.0.0.5", "http://128.0.0.1", "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::2]", "http://[::ffff:10.0.0.1]"])(
    "refuses %s unless allowInsecureEndpoint",
    (endpoint) => {
      const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", endpoint }));
      expect(message).toContain("allowInsecureEndpoint");
      expect(message).toContain(new URL(endpoint).host);
      expect(resolveEndpoint({ region: "us-east-1", endpoint, allowInsecureEndpoint: true }).href).toBe(new URL(endpoint).href);
    },
  );

  it("rejects a non-boolean allowInsecureEndpoint", () => {
    const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", endpoint: "http://10.0.0.5", allowInsecureEndpoint: "yes" } as unknown as Params));
    expect(message).toContain("allowInsecureEndpoint");
  });

  it("does not ask https endpoints to opt in", () => {
    expect(resolveEndpoint({ region: "us-east-1", endpoint: "https://10.0.0.5" }).href).toBe("https://10.0.0.5/");
  });
});

describe("resolveEndpoint: custom endpoints", () => {
  it("returns an http: endpoint with a port as a URL", () => {
    expect(resolveEndpoint({ region: "us-east-1", endpoint: "http://localhost:4566" }).href).toBe("http://localhost:4566/");
  });
  it("keeps the path of a custom endpoint", () => {
    expect(resolveEndpoint({ region: "us-east-1", endpoint: "https://proxy.example.com/ecr" }).href).toBe(
      "https://proxy.example.com/ecr",
    );
  });
  it("returns a copy of a URL endpoint, not the caller's object", () => {
    const endpoint = new URL("https://vpce-123.api.ecr.us-east-1.vpce.amazonaws.com");
    const got = resolveEndpoint({ region: "us-east-1", endpoint });
    expect(got.href).toBe("https://vpce-123.api.ecr.us-east-1.vpce.amazonaws.com/");
    expect(got).not.toBe(endpoint);
  });
  it("checks FIPS before dual-stack with a custom endpoint, as the rule set does", () => {
    expect(
      configErrorOf(() =>
        resolveEndpoint({ region: "us-east-1", endpoint: "https://example.com", useFipsEndpoint: true, useDualstackEndpoint: true }),
      ),
    ).toBe("Invalid Configuration: FIPS and custom endpoint are not supported");
  });
  it.each([
    { what: "a relative path", endpoint: "/ecr" },
    { what: "a bare host name", endpoint: "example.com" },
    { what: "the empty string", endpoint: "" },
    { what: "an unparseable host", endpoint: "https://exa mple.com" },
    { what: "an ftp: URL", endpoint: "ftp://example.com" },
    { what: "a file: URL", endpoint: "file:///etc/passwd" },
  ])("rejects $what as endpoint, naming it and the rule", ({ endpoint }) => {
    const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", endpoint }));
    expect(message).toContain(JSON.stringify(endpoint).slice(0, -1)); // URL may normalise the tail
    expect(message).toContain("absolute http: or https: URL");
  });
  it("rejects a non-string, non-URL endpoint", () => {
    const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", endpoint: 42 } as unknown as Params));
    expect(message).toContain("number 42");
  });
  it.each([
    { what: "user and password in a string", endpoint: "https://someuser:s3cretpw@example.com" },
    { what: "user only in a string", endpoint: "https://someuser@example.com" },
    { what: "password in a URL object", endpoint: new URL("https://someuser:s3cretpw@example.com") },
    { what: "credentials in an unparseable string", endpoint: "https://someuser:s3cretpw@exa mple.com" },
  ])("rejects an endpoint with $what without echoing them", ({ endpoint }) => {
    const message = configErrorOf(() => resolveEndpoint({ region: "us-east-1", endpoint }));
    expect(message).not.toContain("s3cretpw");
    expect(message).not.toContain("someuser");
  });
});
