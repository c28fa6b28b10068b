/**
 * `--output table`, after the CLI's TableFormatter: a dict becomes a header row of its
 * scalar keys over a row of their values (a lone scalar key becomes one `key | value`
 * row), each nested value a section of its own titled by its key and indented one level;
 * a list of dicts becomes one row per dict under the union of their scalar keys; a list
 * of scalars one row per item. Falsy values print nothing.
 *
 * The CLI does not guard against mixed lists; where its Python raises, this throws
 * PythonError with the same message.
 */
import { PythonError } from "./errors.js";
import { isDict, isScalar, sortedKeys, truthy, typeName } from "../python.js";
import { MultiTable } from "./table-model.js";
import { renderTable } from "./table-render.js";

export function formatTable(value: unknown, title: string, terminalWidth: number, color: boolean): string {
  const table = new MultiTable();
  if (!build(table, title, value, 0)) return "";
  return renderTable(table, terminalWidth, color);
}

function build(table: MultiTable, title: string | null, current: unknown, indent: number): boolean {
  if (!truthy(current)) return false;
  if (title !== null) table.newSection(title, indent);
  if (Array.isArray(current)) {
    if (isDict(current[0])) buildFromList(table, current, indent, title);
    else {
      for (const item of current) {
        if (isScalar(item)) table.addRow([item]);
        // Python's all() over a dict walks its keys, so a dict here becomes a row of its keys.
        else if (isDict(item)) table.addRow(Object.keys(item));
        else if ((item as unknown[]).every(isScalar)) table.addRow(item as unknown[]);
        else build(table, null, item, 0);
      }
    }
  }
  if (isDict(current)) buildFromDict(table, current, indent);
  return true;
}

function buildFromDict(table: MultiTable, current: Record<string, unknown>, indent: number): void {
  const { headers, more } = groupScalarKeys(current);
  if (headers.length === 1) table.addRow([headers[0], current[headers[0]!]]);
  else if (headers.length > 0) {
    table.addRowHeader(headers);
    table.addRow(headers.map((k) => current[k]));
  }
  for (const key of more) build(table, key, current[key], indent + 1);
}

function buildFromList(table: MultiTable, items: unknown[], indent: number, title: string | null): void {
  const { headers, more, integerHeaders } = groupScalarKeysFromList(items);
  table.addRowHeader(headers);
  items.forEach((element, i) => {
    if (i > 0 && more.length > 0) {
      table.newSection(title, indent);
      table.addRowHeader(headers);
    }
    if (isDict(element)) {
      table.addRow(headers.map((h) => (h in element ? element[h] : "")));
      for (const key of more) if (key in element) build(table, key, element[key], indent + 1);
      return;
    }
    // Only "" and lists of indices get here (see groupNonDict). With no header to look
    // up, Python never calls .get on them; and `key in ""` holds for the key "" alone.
    if (headers.length > 0 || integerHeaders) throw new PythonError(`'${typeName(element)}' object has no attribute 'get'`);
    table.addRow([]);
    if (element === "" && more.includes("")) throw new PythonError("string indices must be integers, not 'str'");
  });
}

function groupScalarKeys(current: Record<string, unknown>): { headers: string[]; more: string[] } {
  const keys = Object.keys(current);
  return { headers: sortedKeys(keys.filter((k) => isScalar(current[k]))), more: sortedKeys(keys.filter((k) => !isScalar(current[k]))) };
}

function groupScalarKeysFromList(items: unknown[]): { headers: string[]; more: string[]; integerHeaders: boolean } {
  const headers = new Set<string>();
  const more = new Set<string>();
  let integerHeaders = false;
  for (const item of items) {
    if (isDict(item)) {
      const grouped = groupScalarKeys(item);
      grouped.headers.forEach((k) => headers.add(k));
      grouped.more.forEach((k) => more.add(k));
    } else {
      integerHeaders = groupNonDict(item) || integerHeaders;
    }
  }
  // Python cannot sort integers among strings (which it names first depends on set order,
  // so on the string hash seed; this is the usual one).
  if (integerHeaders && headers.size > 0) throw new PythonError("'<' not supported between instances of 'str' and 'int'");
  return { headers: sortedKeys(headers), more: sortedKeys(more), integerHeaders };
}

/**
 * What the CLI's key grouping does with a list element that is not a dict: it iterates
 * it and indexes it by each item. That fails at once for anything but a string or a list;
 * an empty string, and a list of in-range integers, get through. Such a list's items
 * become integer header keys (its values are integers, so scalars); says whether any did.
 */
function groupNonDict(item: unknown): boolean {
  if (typeof item === "string") {
    if (item !== "") throw new PythonError("string indices must be integers, not 'str'");
    return false;
  }
  if (!Array.isArray(item)) throw new PythonError(`'${typeName(item)}' object is not iterable`);
  for (const index of item) {
    const position = typeof index === "boolean" ? Number(index) : index;
    if (typeof position !== "number" || !Number.isSafeInteger(position)) {
      throw new PythonError(`list indices must be integers or slices, not ${typeName(index)}`);
    }
    if (position >= item.length || position < -item.length) throw new PythonError("list index out of range");
  }
  return item.length > 0;
}
