/**
 * Draws a MultiTable the way the AWS CLI's table.py does, including its switch to
 * key/value rows when the table is wider than the terminal.
 *
 * With colour, the CLI's stdout is wrapped by colorama with `autoreset`, which follows
 * every single write with a reset code; so the reset codes land where table.py's write
 * calls split the output, and this code keeps the same writes.
 */
import { MultiTable, Section } from "./table-model.js";
import { repeat } from "../python.js";
import { textLength } from "./text-width.js";

const RESET = "\x1b[0m";

interface Styler {
  rowElement(text: string): string;
  indentationChar(text: string): string;
}

const PLAIN: Styler = { rowElement: (t) => t, indentationChar: (t) => t };
// The CLI's ColorizedStyler: bright blue cells, dim yellow indentation; titles and headers stay plain.
const COLOURED: Styler = {
  rowElement: (t) => `\x1b[1m\x1b[34m${t}${RESET}`,
  indentationChar: (t) => `\x1b[2m\x1b[33m${t}${RESET}`,
};

type Write = (text: string) => void;

export function renderTable(table: MultiTable, terminalWidth: number, color: boolean): string {
  let out = "";
  const write: Write = color ? (text) => void (out += text + RESET) : (text) => void (out += text);
  const styler = color ? COLOURED : PLAIN;
  let maxWidth = widest(table.sections);
  if (maxWidth > terminalWidth) {
    toVertical(table.sections);
    maxWidth = widest(table.sections);
  }
  write(`${"-".repeat(maxWidth)}\n`);
  for (const section of table.sections) renderSection(section, maxWidth, indented(write, section.indentLevel, styler.indentationChar("|")), styler);
  return out;
}

function widest(sections: Section[]): number {
  return Math.max(...sections.map((s) => s.totalWidth(s.indentLevel)));
}

/** A section with one row and a header row becomes one `header | value` row per column. */
function toVertical(sections: Section[]): void {
  sections.forEach((section, i) => {
    if (section.rows.length !== 1 || section.headers.length === 0) return;
    const vertical = new Section();
    vertical.title = section.title;
    vertical.indentLevel = section.indentLevel;
    const row = section.rows[0]!;
    section.headers.forEach((header, column) => {
      if (column < row.length) vertical.addRow([header, row[column]]);
    });
    sections[i] = vertical;
  });
}

/** table.py's IndentedStream: each line framed by one `|` per nesting level on each side. */
function indented(write: Write, level: number, char: string): Write {
  return (text) => {
    write(char.repeat(level));
    if (text.endsWith("\n")) {
      write(text.slice(0, -1));
      write(char.repeat(level));
      write("\n");
    } else {
      write(text);
    }
  };
}

function renderSection(section: Section, tableWidth: number, write: Write, styler: Styler): void {
  const maxWidth = tableWidth - section.indentLevel * 2;
  if (section.title) {
    write(`${centre(section.title, maxWidth, "|", "|", textLength(section.title))}\n`);
    if (section.headers.length === 0 && section.rows.length === 0) write(`+${repeat("-", maxWidth - 2)}+\n`);
  }
  if (section.headers.length > 0) {
    const widths = section.columnWidths(4, maxWidth);
    const line = section.headers.map((header, i) => centre(header, widths[i]!, i === 0 ? "|" : "", "|", textLength(header))).join("");
    write(lineBreak(widths));
    write(`${line}\n`);
  }
  if (section.rows.length === 0) return;
  const widths = section.columnWidths(4, maxWidth);
  if (widths.length === 0) return;
  write(lineBreak(widths));
  for (const row of section.rows) {
    const line = widths
      .slice(0, row.length)
      .map((width, i) => alignLeft(styler.rowElement(row[i]!), width, i === 0 ? "|" : "", "|", textLength(row[i]!)))
      .join("");
    write(`${line}\n`);
  }
  write(lineBreak(widths));
}

function lineBreak(widths: number[]): string {
  return `${widths.map((w, i) => (i === 0 ? `+${repeat("-", w - 2)}+` : `${repeat("-", w - 1)}+`)).join("")}\n`;
}

/** table.py's center_text; `textLen` is the text's width without colour codes. */
function centre(text: string, length: number, left: string, right: string, textLen: number): string {
  const start = Math.floor(length / 2) - Math.floor(textLen / 2) - 1;
  const soFar = textLength(left) + start + textLen;
  return `${left}${repeat(" ", start)}${text}${repeat(" ", length - textLength(right) - soFar)}${right}`;
}

/** table.py's align_left: two spaces of padding when they fit. */
function alignLeft(text: string, length: number, left: string, right: string, textLen: number): string {
  const padding = length - (textLen + 2 + textLength(left) + textLength(right)) >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLen;
  return `${left}${repeat(" ", padding)}${text}${repeat(" ", length - soFar - right.length)}${right}`;
}
