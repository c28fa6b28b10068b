/**
 * Which plain scalars a YAML reader would take for something other than a string: the
 * implicit resolvers of ruamel.yaml's (YAML 1.2) Resolver, which the CLI's YAML dumper
 * consults to decide whether a string may go unquoted. Like ruamel, only the resolvers
 * registered for the value's first character are tried.
 */
type Tag = "bool" | "float" | "int" | "merge" | "null" | "timestamp" | "value" | "yaml";

// Python's `$` also matches before a final newline, hence `\n?$`.
const BOOL: [Tag, RegExp] = ["bool", /^(?:true|True|TRUE|false|False|FALSE)\n?$/];
const FLOAT: [Tag, RegExp] = [
  "float",
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
];
const INT: [Tag, RegExp] = ["int", /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)\n?$/];
const MERGE: [Tag, RegExp] = ["merge", /^(?:<<)\n?$/];
const NULL: [Tag, RegExp] = ["null", /^(?:~|null|Null|NULL|)\n?$/];
const TIMESTAMP: [Tag, RegExp] = [
  "timestamp",
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/,
];
const VALUE: [Tag, RegExp] = ["value", /^(?:=)\n?$/];
const YAML: [Tag, RegExp] = ["yaml", /^(?:!|&|\*)\n?$/];

const BY_FIRST = new Map<string, [Tag, RegExp][]>();
function register(resolver: [Tag, RegExp], firsts: string[]): void {
  for (const first of firsts) BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), resolver]);
}
// In ruamel's order, which decides nothing here but keeps the tables comparable.
register(BOOL, [..."tTfF"]);
register(FLOAT, [..."-+0123456789."]);
register(INT, [..."-+0123456789"]);
register(MERGE, ["<"]);
register(NULL, ["~", "n", "N", ""]);
register(TIMESTAMP, [..."0123456789"]);
register(VALUE, ["="]);
register(YAML, [..."!&*"]);

/** The tag a plain scalar with this text would be read as; "str" when none matches. */
export function resolvePlain(value: string): Tag | "str" {
  const first = value === "" ? "" : String.fromCodePoint(value.codePointAt(0)!);
  for (const [tag, pattern] of BY_FIRST.get(first) ?? []) if (pattern.test(value)) return tag;
  return "str";
}
