/**
 * Reading the shared config file (`~/.aws/config`): the library takes only the profile's
 * region from it, the CLI a few more settings. A few lines of INI reading instead of a
 * dependency; credentials from the files are the AWS SDK credential chain's job.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where the shared config file is: `AWS_CONFIG_FILE`, else `~/.aws/config`. */
export function configFilePath(): string {
  return process.env.AWS_CONFIG_FILE || join(homedir(), ".aws", "config");
}

/**
 * The top-level settings of each section of a shared config or credentials file, by the
 * section's name as written (`default`, `profile dev`, `dev`), read as the AWS CLI and
 * SDKs read them: `#` and `;` comments, and indented lines (nested blocks such as
 * `s3 =` settings) skipped.
 */
export function iniSections(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[\s*([^\]]*?)\s*\]/.exec(line);
    if (section) {
      const name = section[1]!.replace(/\s+/g, " ");
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    if (!current || /^\s/.test(raw)) continue;
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair) current[pair[1]!] = pair[2]!.replace(/\s+[#;].*$/, "");
  }
  return sections;
}

/** A profile's settings in the shared config file's text: `[default]` or `[profile default]` for the default, `[profile NAME]` for others. */
export function profileInConfig(text: string, profile: string): Record<string, string> | undefined {
  const sections = iniSections(text);
  const names = profile === "default" ? ["default", "profile default"] : [`profile ${profile}`];
  const found = names.map((name) => sections.get(name)).filter((s) => s !== undefined);
  return found.length === 0 ? undefined : Object.assign({}, ...found);
}

/** The `region` of `profile` in the INI text, as the AWS CLI and SDKs read it. */
export function regionInConfig(text: string, profile: string): string | undefined {
  return profileInConfig(text, profile)?.region || undefined;
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
