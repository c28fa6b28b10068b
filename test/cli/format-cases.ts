/**
 * The values and formats format.test.ts prints with the real AWS CLI. Each value is
 * chosen for a code path of the CLI's formatters; `formats` lists the ones that path
 * shows up in (every run costs about a second).
 */
import type { OutputFormat } from "../../src/cli/format/index.js";

export interface FormatCase {
  name: string;
  /** Printed through a `--query` JMESPath literal; absent: the operation's own response. */
  literal?: unknown;
  formats: readonly OutputFormat[];
  /** Also run these formats with `--color on`. */
  colour?: readonly OutputFormat[];
}

const ALL: readonly OutputFormat[] = ["json", "text", "table", "yaml", "yaml-stream"];

const LONG_WORDS = "a long value with spaces that runs on well past the eighty columns of a terminal line, to see it fold";
const LONG_TOKEN = `sha256:${"0123456789abcdef".repeat(6)}`;

export const CASES: readonly FormatCase[] = [
  // Wider than 80 columns: the table turns its one row into key/value rows.
  { name: "the operation's response", formats: ALL, colour: ["table"] },
  { name: "null", literal: null, formats: ["json", "text", "yaml"] },
  { name: "an empty object", literal: {}, formats: ["json", "text", "yaml-stream"] },
  { name: "an empty list", literal: [], formats: ["json", "yaml", "yaml-stream"] },
  { name: "an empty string", literal: "", formats: ["text", "table", "yaml"] },
  { name: "a lone scalar", literal: "it's \"quoted\"\tand\ttabbed", formats: ["json", "text", "table", "yaml"] },
  {
    name: "scalars of every kind",
    literal: [null, true, false, 0, 42, -7, 1.5, 0.00001, 1e21, "é 漢字 😀", "", "123", "true", "null"],
    formats: ["json", "text", "table", "yaml"],
  },
  {
    name: "strings YAML must quote",
    literal: ["- a", "-a", "?", "? a", ":", "a: b", "a:b", "#c", "a #c", "&a", "*a", "!a", "|a", ">a", "'a", '"a', "%a", "@a", "`a", " lead", "trail ", "a\nb", "tab\there", "~", "0x1F", "1_000", "2001-12-14", "yes", "---"],
    formats: ["text", "yaml"],
  },
  { name: "long strings", literal: { spaced: LONG_WORDS, token: LONG_TOKEN, quoted: `'${LONG_WORDS}`, escaped: `\t${LONG_WORDS}` }, formats: ["text", "table", "yaml"] },
  {
    name: "keys YAML must quote or set apart",
    literal: { "": 1, "a b": 2, "true": 3, "multi\nline": 4, [`k${"e".repeat(130)}`]: 5, "😀": 6 },
    formats: ["text", "yaml"],
  },
  {
    name: "wide characters",
    literal: { name: "全角テキスト", kana: "ｱｲｳ", ascii: "plain", mixed: "a漢b" },
    formats: ["table"],
    colour: ["table"],
  },
  {
    name: "nested objects with lists",
    literal: { id: "x-1", size: 3, tags: ["a", "b"], owner: { name: "n", roles: [{ role: "r1", level: 1 }, { role: "r2" }] }, empty: {}, none: [] },
    // A table narrower than the terminal, with sections nested two deep.
    formats: ["json", "text", "table", "yaml"],
    // Colour is the table's alone.
    colour: ["table", "text"],
  },
  {
    name: "a list of objects with different keys",
    literal: [{ name: "alpha", value: 1 }, { name: "beta", extra: true }, { name: "gamma", value: 3, sub: { deep: [1, 2] } }],
    formats: ["text", "table", "yaml"],
  },
  {
    name: "a key scalar in one item and a list in another",
    literal: [{ a: 1 }, { a: [1, 2] }],
    formats: ["text", "table"],
  },
  { name: "nested lists", literal: [1, "a", [2, [3, [4]]], [[]]], formats: ["text", "table", "yaml"] },
  { name: "a list of rows", literal: [["a", "b"], ["c", "d"], { k1: 1, k2: 2 }], formats: ["text", "table"] },
  // The CLI's formatters raise on these: nothing (or what came before) on stdout, the message on stderr.
  { name: "a list of objects holding a scalar", literal: [{ a: 1 }, 2], formats: ["table"] },
  { name: "rows of different lengths", literal: [1, [1, 2]], formats: ["table"] },
  { name: "a failure after some text", literal: ["a", [{ x: 1 }, "s"]], formats: ["text"] },
];
