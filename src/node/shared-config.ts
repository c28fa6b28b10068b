/**
 * The one thing we read from the shared config file (`~/.aws/config`): the profile's
 * region. A few lines of INI reading instead of a dependency; credentials from the
 * files are the AWS SDK credential chain's job.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where the shared config file is: `AWS_CONFIG_FILE`, else `~/.aws/config`. */
export function configFilePath(): string {
  return process.env.AWS_CONFIG_FILE || join(homedir(), ".aws", "config");
}

/** The `region` of `profile` in the INI text, as the AWS CLI and SDKs read it. */
export function regionInConfig(text: string, profile: string): string | undefined {
  // `[default]` and `[profile default]` both name the default profile; others need the prefix.
  const wanted = new Set(profile === "default" ? ["default", "profile default"] : [`profile ${profile}`]);
  let inProfile = false;
  let region: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[\s*([^\]]*?)\s*\]/.exec(line);
    if (section) {
      inProfile = wanted.has(section[1]!.replace(/\s+/g, " "));
      continue;
    }
    // Indented lines continue a nested block (e.g. `s3 =` settings); they are not top-level keys.
    if (!inProfile || /^\s/.test(raw)) continue;
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && pair[1] === "region") region = pair[2]!.replace(/\s+[#;].*$/, "") || undefined;
  }
  return region;
}

/** The profile's region from the shared config file, or undefined when there is none. */
export async function sharedConfigRegion(profile: string | undefined): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(configFilePath(), "utf8");
  } catch {
    return undefined; // No file is the common case (Lambda, containers).
  }
  return regionInConfig(text, profile ?? "default");
}
