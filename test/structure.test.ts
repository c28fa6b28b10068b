/**
 * The shape rules ARCHITECTURE.md promises, checked so they stay true: no file in src/
 * over 400 lines, no function or method over 80 lines, no import cycle in src/ (type-only
 * imports included), and an ARCHITECTURE.md that names every file and every dependency
 * and points at nothing outside the repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
  .map((f) => f.replaceAll("\\", "/"))
  .filter((f) => f.endsWith(".ts"))
  .sort();

const parse = (file: string) => ts.createSourceFile(file, readFileSync(join(SRC, file), "utf8"), ts.ScriptTarget.Latest, true);

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText();
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return "(anonymous)";
}

/** Every function-like node's name and length in lines, from its first line to its last. */
function functionLengths(file: string): Array<{ name: string; lines: number }> {
  const source = parse(file);
  const out: Array<{ name: string; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ name: functionName(node), lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The src/ files a file imports or re-exports, type-only included. */
function importsOf(file: string): string[] {
  const source = parse(file);
  const targets: string[] = [];
  const add = (specifier: ts.Node | undefined): void => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return;
    const target = relative(SRC, resolve(SRC, dirname(file), specifier.text.replace(/\.js$/, ".ts"))).replaceAll("\\", "/");
    targets.push(target);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return targets;
}

/** The import cycles, each as the files around it (Tarjan's strongly connected components). */
function importCycles(): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return cycles;
}

describe("the shape of src/", () => {
  it("reads the tree it checks", () => {
    expect(files).toContain("client.ts");
    expect(functionLengths("client.ts").length).toBeGreaterThan(5);
    expect(importsOf("client.ts")).toContain("attempt.ts");
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: f, lines: readFileSync(join(SRC, f), "utf8").split("\n").length }))
      .filter((f) => f.lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`has no function or method over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files
      .flatMap((f) => functionLengths(f).map((fn) => ({ file: f, ...fn })))
      .filter((fn) => fn.lines > MAX_FUNCTION_LINES);
    expect(long).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(importCycles()).toEqual([]);
  });
});

describe("ARCHITECTURE.md", () => {
  const doc = readFileSync(resolve(import.meta.dirname, "../ARCHITECTURE.md"), "utf8");
  const rows = doc.split("\n").filter((line) => line.startsWith("|"));

  it("has a row for every file in src/", () => {
    // A row names a file by its path, or by its name next to its folder's path.
    const named = (f: string) => {
      if (rows.some((row) => row.includes(`src/${f}`))) return true;
      const folder = `src/${dirname(f)}/`;
      const name = f.slice(f.lastIndexOf("/") + 1);
      return dirname(f) !== "." && rows.some((row) => row.includes(folder) && row.includes(`\`${name}\``));
    };
    expect(files.filter((f) => !named(f))).toEqual([]);
  });

  it("names every runtime dependency, and no file outside the repository", () => {
    const { dependencies } = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(dependencies).filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
    expect(doc).not.toMatch(/\.\.\/|DESIGN\.md|design sketch/);
  });
});
