/**
 * The part of libyaml's emitter that the CLI's YAML output goes through: one implicit
 * document of block mappings and sequences (empty ones in flow style, `[]` and `{}`),
 * untagged scalars in plain, single- or double-quoted style, indent 2, lines folded past
 * column 80, Unicode written as is. Kept close to libyaml's emitter.c so the column and
 * whitespace bookkeeping, which decides every line break, is the same.
 */
import { analyzeScalar, isBreak, isPrintable, selectStyle } from "./yaml-scalar.js";
import type { ScalarStyle } from "./yaml-scalar.js";

/** `plainImplicit`: a reader would take the text, unquoted, for the right type. */
export interface YamlScalar {
  kind: "scalar";
  value: string;
  plainImplicit: boolean;
}
/** Keys are JSON object keys, so always scalars. */
export type YamlNode = YamlScalar | { kind: "sequence"; items: YamlNode[] } | { kind: "mapping"; pairs: [YamlScalar, YamlNode][] };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
/** Keys longer than this (in UTF-8 bytes) are written as `? key`. */
const MAX_SIMPLE_KEY = 128;

const ESCAPES = new Map<number, string>([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);

interface Context {
  mapping: boolean;
  simpleKey: boolean;
}

export function emitDocument(root: YamlNode): string {
  const emitter = new Emitter();
  emitter.node(root, { mapping: false, simpleKey: false });
  emitter.writeIndent();
  return emitter.out;
}

class Emitter {
  out = "";
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  node(node: YamlNode, context: Context): void {
    if (node.kind === "scalar") this.scalar(node, context);
    else if (node.kind === "sequence") {
      if (node.items.length === 0) this.emptyFlow("[", "]");
      else this.blockSequence(node.items, context);
    } else if (node.pairs.length === 0) this.emptyFlow("{", "}");
    else this.blockMapping(node.pairs);
  }

  /** Only empty collections are written in flow style, so nothing comes between the brackets. */
  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: YamlNode[], context: Context): void {
    // A sequence that is a mapping's value sits at the key's indentation.
    this.increaseIndent(false, context.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private blockMapping(pairs: [YamlScalar, YamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of pairs) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(key, { mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(value, { mapping: true, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private scalar(node: YamlScalar, context: Context): void {
    const style = selectStyle(analyzeScalar(node.value), { simpleKey: context.simpleKey, plainImplicit: node.plainImplicit });
    this.increaseIndent(true, false);
    this.writeScalar(style, node.value, !context.simpleKey);
    this.indent = this.indents.pop()!;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private put(ch: string): void {
    this.out += ch;
    this.column += 1;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  /** A line break from the scalar itself: LF is written as one; CR, NEL, LS and PS as they are. */
  private writeBreak(ch: string): void {
    if (ch === "\n") this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
    }
  }

  private writeScalar(style: ScalarStyle, value: string, allowBreaks: boolean): void {
    const chars = [...value];
    if (style === "double") this.writeDoubleQuoted(chars, allowBreaks);
    else this.writePlainOrSingle(chars, allowBreaks, style === "single");
  }

  /** Plain and single-quoted scalars fold and break the same way; single quotes also double `'`. */
  private writePlainOrSingle(chars: string[], allowBreaks: boolean, quoted: boolean): void {
    if (quoted) this.writeIndicator("'", true, false, false);
    else if (!this.whitespace && chars.length > 0) this.put(" ");
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      if (ch === " ") {
        // A quoted scalar may not fold at its first or last character.
        const edge = quoted && (i === 0 || i === chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !edge && chars[i + 1] !== " ") this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch.codePointAt(0))) {
        if (!breaks && ch === "\n") this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (quoted && ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = breaks = false;
      }
    });
    if (quoted) {
      if (breaks) this.writeIndent();
      this.writeIndicator("'", false, false, false);
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0)!;
      if (!isPrintable(cp) || isBreak(cp) || ch === '"' || ch === "\\") {
        this.put("\\");
        const escape = ESCAPES.get(cp);
        if (escape !== undefined) this.put(escape);
        else {
          const [letter, width] = cp <= 0xff ? ["x", 2] : cp <= 0xffff ? ["u", 4] : ["U", 8];
          for (const c of letter + cp.toString(16).toUpperCase().padStart(width, "0")) this.put(c);
        }
        spaces = false;
      } else if (ch === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          // A space starting the next line would be taken for indentation: escape it.
          if (chars[i + 1] === " ") this.put("\\");
        } else {
          this.put(ch);
        }
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}

function isSimpleKey(key: YamlScalar): boolean {
  const analysis = analyzeScalar(key.value);
  return !analysis.multiline && analysis.bytes <= MAX_SIMPLE_KEY;
}
