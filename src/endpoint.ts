import { EcrConfigError } from "./errors.js";
import { flag } from "./options.js";
import { describeValue } from "./values.js";

/** The parts of an AWS partition that ECR's endpoint rules read. */
export interface Partition {
  /** Partition id, e.g. `"aws"`, `"aws-cn"`, `"aws-us-gov"`. */
  readonly name: string;
  readonly dnsSuffix: string;
  readonly dualStackDnsSuffix: string;
}

/**
 * A partition as `[name, dnsSuffix, dualStackDnsSuffix, regionRegex, global]`: a tuple,
 * since every byte of this table is in every user's bundle. `global` says the partition
 * lists a `<name>-global` pseudo-region: the only names from partitions.json's `regions`
 * map that `regionRegex` would not route here (every other listed name matches its own
 * partition's regex and no earlier one, so listing it would change nothing).
 */
type PartitionEntry = readonly [name: string, dnsSuffix: string, dualStackDnsSuffix: string, regionRegex: RegExp, global: boolean];

// From partitions.json (version 1.1). Order matters: regexes are tried in file order.
// Every partition has supportsFIPS and supportsDualStack true, so the rule set's
// "partition does not support FIPS/DualStack" errors cannot happen and are not modelled.
const PARTITIONS: readonly PartitionEntry[] = [
  ["aws", "amazonaws.com", "api.aws", /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, true],
  ["aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", /^cn-\w+-\d+$/, true],
  ["aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", /^eusc-(de)-\w+-\d+$/, false],
  ["aws-iso", "c2s.ic.gov", "api.aws.ic.gov", /^us-iso-\w+-\d+$/, true],
  ["aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", /^us-isob-\w+-\d+$/, true],
  ["aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", /^eu-isoe-\w+-\d+$/, true],
  ["aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", /^us-isof-\w+-\d+$/, true],
  ["aws-us-gov", "amazonaws.com", "api.aws", /^us-gov-\w+-\d+$/, true],
];

// The SDK's checkRegion (isValidHostLabel) made stricter: lower case only. The rule set
// never validates the region, so without this "us-east-1.evil.com" would be spliced into
// the host name; and partition matching is case-sensitive, so "CN-NORTH-1" would
// silently resolve in the wrong partition. Every AWS region name is lower case.
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const REGION_RULE =
  'a region must be a DNS host label in lower case, 1-63 of a-z, 0-9 and "-", with no "-" at either end (e.g. "us-east-1")';

/**
 * The partition a region belongs to, as the rule set's `aws.partition` decides it: an
 * exact name listed by a partition, else the first partition whose `regionRegex`
 * matches, else `aws`. Matching is case-sensitive, as in the SDK.
 */
export function partitionOf(region: string): Partition {
  const [name, dnsSuffix, dualStackDnsSuffix] =
    PARTITIONS.find((p) => p[4] && region === `${p[0]}-global`) ??
    PARTITIONS.find((p) => p[3].test(region)) ??
    (PARTITIONS[0] as PartitionEntry);
  return { name, dnsSuffix, dualStackDnsSuffix };
}

/**
 * The HTTPS endpoint for ECR's API, exactly as the official ECR endpoint rule set
 * (endpoint-rule-set-1) gives it.
 *
 * - standard `https://api.ecr.{region}.{dnsSuffix}`, FIPS `https://api.ecr-fips.{region}.{dnsSuffix}`,
 *   dual-stack `https://ecr.{region}.{dualStackDnsSuffix}`, both `https://ecr-fips.{region}.{dualStackDnsSuffix}`;
 * - `fips-{region}` / `{region}-fips` pseudo-regions mean `{region}` with FIPS on (as the SDK's region config does);
 * - a custom `endpoint` is returned as a new `URL`; combining it with FIPS or dual-stack is an error.
 *
 * @throws {@link EcrConfigError} for a missing region, one that is not a valid host label,
 * an endpoint that is not an absolute `http:`/`https:` URL without credentials, a plain
 * `http:` endpoint that is not loopback (unless `allowInsecureEndpoint`), or FIPS /
 * dual-stack together with a custom endpoint.
 */
export function resolveEndpoint(params: {
  region: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  endpoint?: string | URL;
  allowInsecureEndpoint?: boolean;
}): URL {
  let fips = flag(params.useFipsEndpoint, "useFipsEndpoint");
  const dualStack = flag(params.useDualstackEndpoint, "useDualstackEndpoint");
  const insecure = flag(params.allowInsecureEndpoint, "allowInsecureEndpoint");
  let region: string | undefined;
  const raw: unknown = params.region;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "string") {
      throw new EcrConfigError(`Invalid region: expected a string such as "us-east-1", got ${describeValue(raw)}`);
    }
    region = realRegion(raw);
    if (region !== raw) fips = true;
    // Validate even when a custom endpoint makes the region unused in the URL: it is
    // still the signing region, and the SDK rejects it there too.
    if (!HOST_LABEL.test(region)) {
      const shown = region === raw ? quote(raw) : `${quote(raw)} (read as ${quote(region)} with FIPS)`;
      throw new EcrConfigError(`Invalid region ${shown}: ${REGION_RULE}`);
    }
  }

  if (params.endpoint !== undefined) {
    // The rule set checks these before looking at the endpoint or the region.
    if (fips) throw new EcrConfigError("Invalid Configuration: FIPS and custom endpoint are not supported");
    if (dualStack) throw new EcrConfigError("Invalid Configuration: Dualstack and custom endpoint are not supported");
    const url = customEndpoint(params.endpoint);
    // A signed request in clear text gives its signature, and any session token, to
    // whoever is on the path. Loopback never leaves the machine (LocalStack, test fakes).
    if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && !insecure) {
      throw new EcrConfigError(
        `Insecure endpoint ${quote(url.href)}: plain http off loopback needs allowInsecureEndpoint: true`,
      );
    }
    return url;
  }
  if (region === undefined) throw new EcrConfigError("Invalid Configuration: Missing Region");

  const p = partitionOf(region);
  // Every named partition in the rule set has these same four templates. The rule set's
  // catch-all branch (api.ecr[-fips].{region}.{dualStackDnsSuffix}) only serves
  // partitions it does not name, and there are none.
  const host = dualStack
    ? `${fips ? "ecr-fips" : "ecr"}.${region}.${p.dualStackDnsSuffix}`
    : `${fips ? "api.ecr-fips" : "api.ecr"}.${region}.${p.dnsSuffix}`;
  return new URL(`https://${host}`);
}

/**
 * The region requests are signed for: the SDK's getRealRegion, which strips a FIPS
 * pseudo-region's marker and maps the global FIPS aliases to us-east-1.
 */
export function realRegion(region: string): string {
  if (!region.startsWith("fips-") && !region.endsWith("-fips")) return region;
  if (region === "fips-aws-global" || region === "aws-fips") return "us-east-1";
  return region.replace(/fips-(dkr-|prod-)?|-fips/, "");
}

/** What WHATWG URL parsing leaves of a loopback host: localhost, 127.0.0.0/8, ::1 (also IPv4-mapped). */
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[(::1|::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4})\])$/i;

function customEndpoint(endpoint: unknown): URL {
  const rule = "the endpoint must be an absolute http: or https: URL, e.g. \"https://api.ecr.us-east-1.amazonaws.com\"";
  let url: URL;
  if (endpoint instanceof URL) {
    url = new URL(endpoint.href);
  } else if (typeof endpoint === "string") {
    try {
      url = new URL(endpoint);
    } catch {
      throw new EcrConfigError(`Invalid endpoint ${quote(hideUserinfo(endpoint))}: ${rule}`);
    }
  } else {
    throw new EcrConfigError(`Invalid endpoint: expected a string or URL, got ${describeValue(endpoint)}`);
  }
  // Checked before anything quotes the URL, so a password never reaches a message or log.
  if (url.username !== "" || url.password !== "") {
    throw new EcrConfigError(
      "Invalid endpoint: it must not contain a user name or password",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new EcrConfigError(`Invalid endpoint ${quote(url.href)}: ${rule}`);
  }
  return url;
}

// An unparseable string may still hold "user:password@"; drop everything up to the last '@'.
function hideUserinfo(value: string): string {
  const at = value.lastIndexOf("@");
  return at < 0 ? value : `…${value.slice(at)}`;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

