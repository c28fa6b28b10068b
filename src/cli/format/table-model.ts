/**
 * The AWS CLI's table as data (table.py's MultiTable and Section): titled sections of an
 * optional header row and rows of strings, each indented by its nesting level. Rendering
 * is in table-render.ts.
 */
import { PythonError } from "./errors.js";
import { pyStr } from "../python.js";
import { textLength } from "./text-width.js";

export class Section {
  /** `null` where the CLI makes a section titled `None` (it prints no title, but counts its width). */
  title: string | null = "";
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private columns: number | null = null;
  /** The widest cell of each column, header included. */
  maxWidths: number[] = [];

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    this.columns ??= headers.length;
    this.headers = headers;
  }

  addRow(row: unknown[]): void {
    this.columns ??= row.length;
    if (row.length !== this.columns) throw new PythonError(`Row should have ${this.columns} elements, instead it has ${row.length}`);
    const cells = row.map(pyStr);
    this.rows.push(cells);
    this.updateMaxWidths(cells);
  }

  private updateMaxWidths(cells: string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = cells.map(textLength);
      return;
    }
    cells.forEach((cell, i) => {
      const width = this.maxWidths[i];
      if (width === undefined) throw new PythonError("list index out of range");
      this.maxWidths[i] = Math.max(textLength(cell), width);
    });
  }

  /** Column widths with `padding` added, scaled to add up to `maxWidth` when given. */
  columnWidths(padding: number, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => roundHalfEven(scale * w));
    // Rounding leaves the sum off by a little: take from the first columns, give to the last.
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = [...scaled.keys()];
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i]! -= 1;
          offBy -= 1;
        } else {
          scaled[i]! += 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  /** The width this section needs: its columns padded by 4, its border, its indentation. */
  totalWidth(indent: number): number {
    const columns = this.maxWidths.reduce((sum, w) => sum + w + 4, 0) + 2 + 2 * indent;
    return Math.max(textLength(this.title ?? "None") + 2 + 2 * indent, columns);
  }
}

/** Python 3's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

export class MultiTable {
  readonly sections: Section[] = [];
  private current: Section | undefined;

  newSection(title: string | null, indentLevel: number): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indentLevel = indentLevel;
    this.sections.push(this.current);
  }

  addRowHeader(headers: string[]): void {
    this.section().addHeader(headers);
  }

  addRow(row: unknown[]): void {
    this.section().addRow(row);
  }

  private section(): Section {
    if (!this.current) throw new PythonError("'NoneType' object has no attribute 'add_row'");
    return this.current;
  }
}
