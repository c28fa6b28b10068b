// dist/ may be rebuilt while the bench runs (by anyone running `npm run build`), so the
// bench copies it once, right after its own build, and measures that copy throughout.
// The copy lives under node_modules/.cache so the package's dependencies still resolve
// (up the tree, from /<root>/node_modules), with package.json next to it for "type".
import { createHash } from "node:crypto";
import { cp, copyFile, mkdir, readdir, readFile, rm, rmdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** A hash of dist/'s JavaScript (names and contents), to notice a rebuild. */
export async function fingerprint(dist) {
  const hash = createHash("sha256");
  for (const file of await files(dist)) {
    if (!/\.(c|m)?js$/.test(file)) continue;
    hash.update(relative(dist, file)).update("\0").update(await readFile(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 12);
}

/** @param also files the run needs besides the library's entries (e.g. "cli.js"), with a hint for when they are missing */
export async function snapshotDist(root, { also = [], hint = "" } = {}) {
  const dist = join(root, "dist");
  const required = ["node.js", "index.js", join("testing", "index.js"), ...also];
  const present = new Set((await files(dist).catch(() => [])).map((f) => relative(dist, f)));
  const missing = required.filter((f) => !present.has(f));
  if (missing.length) throw new Error(`dist/ is incomplete (missing ${missing.join(", ")}): is a build running? Run npm run build and retry.${hint}`);
  const parent = join(root, "node_modules", ".cache", "ecr-layer-url-bench");
  const dir = join(parent, String(process.pid));
  // Leftovers of runs that were killed (their process is gone).
  for (const name of await readdir(parent).catch(() => [])) {
    if (/^\d+$/.test(name) && !alive(Number(name))) await rm(join(parent, name), { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(join(root, "package.json"), join(dir, "package.json"));
  await cp(dist, join(dir, "dist"), { recursive: true });
  return {
    dir,
    fingerprint: await fingerprint(join(dir, "dist")),
    /** file: URLs to import */
    node: pathToFileURL(join(dir, "dist", "node.js")).href,
    testing: pathToFileURL(join(dir, "dist", "testing", "index.js")).href,
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true });
      await rmdir(parent).catch(() => {}); // only if empty
    },
  };
}
