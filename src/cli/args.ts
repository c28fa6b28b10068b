/**
 * The command line as the AWS CLI's argparse reads it: `--name value` and `--name=value`,
 * unique prefixes of option names (global options matched first, as the AWS CLI's main
 * parser sees the line before the command's parser does), the last of a repeated option
 * winning, and the same error texts. Nothing here reads the environment or files.
 */
import { UsageError } from "./failure.js";
import { pyRepr } from "./python.js";

export const COMMANDS = ["get-download-url-for-layer", "download-layer"] as const;
export type Command = (typeof COMMANDS)[number];

type Kind = "value" | "flag" | "optional";

interface OptionSpec {
  kind: Kind;
  choices?: readonly string[];
  /** The value an `optional` option takes when given bare. */
  bare?: string;
}

/** The AWS CLI's global options, in its order. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  debug: { kind: "flag" },
  "endpoint-url": { kind: "value" },
  "no-verify-ssl": { kind: "flag" },
  "no-paginate": { kind: "flag" },
  output: { kind: "value", choices: ["json", "text", "table", "yaml", "yaml-stream"] },
  query: { kind: "value" },
  profile: { kind: "value" },
  region: { kind: "value" },
  version: { kind: "flag" },
  color: { kind: "value", choices: ["on", "off", "auto"] },
  "no-sign-request": { kind: "flag" },
  "ca-bundle": { kind: "value" },
  "cli-read-timeout": { kind: "value" },
  "cli-connect-timeout": { kind: "value" },
  "cli-binary-format": { kind: "value", choices: ["base64", "raw-in-base64-out"] },
  "no-cli-pager": { kind: "flag" },
  "cli-auto-prompt": { kind: "flag" },
  "no-cli-auto-prompt": { kind: "flag" },
  help: { kind: "flag" },
};

const IDENTITY: Readonly<Record<string, OptionSpec>> = {
  "registry-id": { kind: "value" },
  "repository-name": { kind: "value" },
  "layer-digest": { kind: "value" },
  "cli-input-json": { kind: "value" },
  "cli-input-yaml": { kind: "value" },
};

/** Each command's own options, in the order the AWS CLI lists them. */
export const COMMAND_OPTIONS: Readonly<Record<Command, Readonly<Record<string, OptionSpec>>>> = {
  "get-download-url-for-layer": {
    ...IDENTITY,
    "generate-cli-skeleton": { kind: "optional", bare: "input", choices: ["input", "output", "yaml-input"] },
  },
  "download-layer": { ...IDENTITY, "output-file": { kind: "value" } },
};

/** The options given, by name without dashes; flags are `true`. */
export type Options = Record<string, string | true>;

export interface ParsedLine {
  command?: Command;
  options: Options;
  /** `help` as the command's only word, or `--help` / `-h`. */
  help: boolean;
  /** Words and options that mean nothing here, in the order the AWS CLI reports them. */
  unknown: string[];
}

/** difflib's SequenceMatcher.ratio(), which argparse's "maybe you meant" uses with cutoff 0.8. */
function similarity(a: string, b: string): number {
  const matches = (a1: number, a2: number, b1: number, b2: number): number => {
    let best = 0;
    let bestI = a1;
    let bestJ = b1;
    for (let i = a1; i < a2; i++) {
      for (let j = b1; j < b2; j++) {
        let k = 0;
        while (i + k < a2 && j + k < b2 && a[i + k] === b[j + k]) k++;
        if (k > best) [best, bestI, bestJ] = [k, i, j];
      }
    }
    if (best === 0) return 0;
    return best + matches(a1, bestI, b1, bestJ) + matches(bestI + best, a2, bestJ + best, b2);
  };
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matches(0, a.length, 0, b.length)) / total;
}

/** argparse's "Invalid choice" text, as the AWS CLI words it (two choices to a line). */
export function invalidChoice(value: string, choices: readonly string[]): string {
  const lines = ["Invalid choice, valid choices are:\n"];
  for (let i = 0; i < choices.length; i += 2) lines.push(choices.slice(i, i + 2).map((c) => c.padEnd(40)).join(" | "));
  const close = choices
    .map((choice) => ({ choice, score: similarity(value, choice) }))
    .filter((c) => c.score >= 0.8)
    .sort((x, y) => y.score - x.score)
    .slice(0, 3);
  if (close.length > 0) {
    lines.push(`\n\nInvalid choice: ${pyRepr(value)}, maybe you meant:\n`);
    for (const { choice } of close) lines.push(`  * ${choice}`);
  }
  return lines.join("\n");
}

/** argparse takes `-1` and `- 1` (a space where an option's name would be) as values, `-x` as an option. */
function looksLikeOption(token: string): boolean {
  return token.startsWith("-") && token !== "-" && !/^-\d+$|^-\d*\.\d+$/.test(token) && !token.split("=")[0]!.includes(" ");
}

function resolveName(given: string, tables: ReadonlyArray<Readonly<Record<string, OptionSpec>>>): string | undefined {
  for (const table of tables) if (Object.hasOwn(table, given)) return given;
  for (const table of tables) {
    const candidates = Object.keys(table).filter((name) => name.startsWith(given));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      throw new UsageError(`ambiguous option: --${given} could match ${candidates.map((c) => `--${c}`).join(", ")}`);
    }
  }
  return undefined;
}

/** Read the command line. Throws {@link UsageError} with argparse's wording. */
export function parseArgs(argv: readonly string[]): ParsedLine {
  const line: ParsedLine = { options: {}, help: false, unknown: [] };
  const unknownOptions: string[] = [];
  const strayWords: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "-h") {
      line.help = true;
      continue;
    }
    if (!token.startsWith("--") || token === "--") {
      if (looksLikeOption(token)) unknownOptions.push(token);
      else if (line.command === undefined && words.length === 0 && token !== "--") {
        if (token === "help") {
          line.help = true;
          continue;
        }
        if (!(COMMANDS as readonly string[]).includes(token)) {
          throw new UsageError(`argument command: ${invalidChoice(token, COMMANDS)}`);
        }
        line.command = token as Command;
      } else words.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    const given = eq < 0 ? token.slice(2) : token.slice(2, eq);
    const tables = line.command ? [GLOBAL_OPTIONS, COMMAND_OPTIONS[line.command]] : [GLOBAL_OPTIONS];
    const name = resolveName(given, tables);
    if (name === undefined) {
      unknownOptions.push(token);
      continue;
    }
    const spec = (Object.hasOwn(GLOBAL_OPTIONS, name) ? GLOBAL_OPTIONS[name] : COMMAND_OPTIONS[line.command!][name])!;
    let value: string | true;
    if (spec.kind === "flag") {
      if (eq >= 0) throw new UsageError(`argument --${name}: ignored explicit argument ${pyRepr(token.slice(eq + 1))}`);
      value = true;
    } else if (eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !looksLikeOption(next)) {
        value = next;
        i++;
      } else if (spec.kind === "optional") {
        value = spec.bare!;
      } else {
        throw new UsageError(`argument --${name}: expected one argument`);
      }
    }
    if (spec.choices && typeof value === "string" && !spec.choices.includes(value)) {
      throw new UsageError(`argument --${name}: ${invalidChoice(value, spec.choices)}`);
    }
    line.options[name] = value;
  }
  if (line.options.help === true) line.help = true;
  // `help` is the AWS CLI's way to ask, when it is the command's only word.
  if (words.length === 1 && words[0] === "help") line.help = true;
  else strayWords.push(...words);
  // argparse reports unrecognised options first, then stray words.
  line.unknown = [...unknownOptions, ...strayWords];
  return line;
}
