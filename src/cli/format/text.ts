/**
 * `--output text`, after the CLI's text.py: scalars one per line, dicts as a tab-separated
 * line of their scalar values (keys sorted), nested values on later lines headed by their
 * key in upper case. Output goes to `out` as it is produced, because the CLI's does too:
 * when it raises half way, what it already wrote stays on stdout.
 */
import { PythonError } from "./errors.js";
import { isDict, isScalar, pyStr, sortedKeys, typeName } from "../python.js";

type Out = string[];

export function formatText(value: unknown, out: Out): void {
  formatItem(value, out, null, null);
}

function formatItem(item: unknown, out: Out, identifier: string | null, scalarKeys: string[] | null): void {
  if (isDict(item)) formatDict(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) formatList(item, out, identifier);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(items: unknown[], out: Out, identifier: string | null): void {
  if (items.length === 0) return;
  if (items.some(isDict)) {
    const keys = allScalarKeys(items);
    for (const element of items) formatItem(element, out, identifier, keys);
  } else if (items.some(Array.isArray)) {
    const scalars = items.filter(isScalar);
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const nested of items.filter((i) => !isScalar(i))) formatItem(nested, out, identifier, null);
  } else {
    formatScalarList(items, out, identifier);
  }
}

function formatScalarList(items: unknown[], out: Out, identifier: string | null): void {
  if (identifier !== null) {
    for (const item of items) out.push(`${identifier.toUpperCase()}\t${pyStr(item)}\n`);
  } else {
    out.push(`${items.map(pyStr).join("\t")}\n`);
  }
}

function formatDict(item: Record<string, unknown>, out: Out, identifier: string | null, scalarKeys: string[] | null): void {
  const scalars: string[] = [];
  const nested: [string, unknown][] = [];
  if (scalarKeys === null) {
    for (const key of sortedKeys(Object.keys(item))) {
      if (isScalar(item[key])) scalars.push(pyStr(item[key]));
      else nested.push([key, item[key]]);
    }
  } else {
    // Keys scalar in any element of the list, so one element may show another's list here.
    for (const key of scalarKeys) scalars.push(key in item ? pyStr(item[key]) : "");
    const known = new Set(scalarKeys);
    for (const key of sortedKeys(Object.keys(item).filter((k) => !known.has(k)))) nested.push([key, item[key]]);
  }
  if (scalars.length > 0) {
    if (identifier !== null) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join("\t")}\n`);
  }
  for (const [key, value] of nested) formatItem(value, out, key, null);
}

function allScalarKeys(items: unknown[]): string[] {
  const keys = new Set<string>();
  for (const item of items) {
    if (!isDict(item)) throw new PythonError(`'${typeName(item)}' object has no attribute 'items'`);
    for (const [key, value] of Object.entries(item)) if (isScalar(value)) keys.add(key);
  }
  return sortedKeys(keys);
}
