/**
 * What libyaml's emitter (the C emitter ruamel.yaml uses, and so the CLI) decides about a
 * scalar before writing it: which styles could carry it (yaml_emitter_analyze_scalar),
 * then which one it gets (yaml_emitter_select_scalar_style). Only block context counts:
 * the CLI's YAML has no flow collections but empty ones.
 */

export type ScalarStyle = "plain" | "single" | "double";

export interface ScalarAnalysis {
  /** Length in UTF-8 bytes, as libyaml measures it. */
  bytes: number;
  multiline: boolean;
  plainAllowed: boolean;
  singleQuotedAllowed: boolean;
}

export function isBreak(cp: number | undefined): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

/** Blank, a line break, NUL, or past the end (libyaml's strings end in NUL). */
export function isBlankZ(cp: number | undefined): boolean {
  return cp === undefined || cp === 0 || cp === 0x20 || cp === 0x09 || isBreak(cp);
}

/** libyaml's IS_PRINTABLE: no C0 controls but LF, no DEL or C1, nothing outside the BMP. */
export function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const LEADING_INDICATORS = new Set([..."#,[]{}&*!|>'\"%@`"]);

function utf8Length(cps: number[]): number {
  return cps.reduce((sum, cp) => sum + (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4), 0);
}

export function analyzeScalar(value: string): ScalarAnalysis {
  const cps = [...value].map((ch) => ch.codePointAt(0)!);
  const bytes = utf8Length(cps);
  if (value === "") return { bytes, multiline: false, plainAllowed: true, singleQuotedAllowed: true };
  let indicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankZ(cps[1]);
  const last = cps.length - 1;
  cps.forEach((cp, i) => {
    const ch = String.fromCodePoint(cp);
    if (i === 0) {
      if (LEADING_INDICATORS.has(ch)) indicators = true;
      if ((ch === "?" || ch === ":" || ch === "-") && followedByWhitespace) indicators = true;
    } else {
      if (ch === ":" && followedByWhitespace) indicators = true;
      if (ch === "#" && precededByWhitespace) indicators = true;
    }
    if (!isPrintable(cp)) special = true;
    if (isBreak(cp)) lineBreaks = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlankZ(cp);
    followedByWhitespace = isBlankZ(cps[i + 2]);
  });
  const noPlain = leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special || lineBreaks;
  return {
    bytes,
    multiline: lineBreaks,
    plainAllowed: !noPlain && !indicators,
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
  };
}

export function selectStyle(analysis: ScalarAnalysis, context: { simpleKey: boolean; plainImplicit: boolean }): ScalarStyle {
  let style: ScalarStyle = "plain";
  if (context.simpleKey && analysis.multiline) style = "double";
  // Quote what a reader would take for another type (`true`, `1`, `null`, ``), and an empty key.
  if (style === "plain" && (!analysis.plainAllowed || (analysis.bytes === 0 && context.simpleKey) || !context.plainImplicit)) style = "single";
  if (style === "single" && !analysis.singleQuotedAllowed) style = "double";
  return style;
}
