// How much CPU processes other than the benchmark's took while it measured, from
// /proc/<pid>/stat (Linux; elsewhere null). A process's utime + stime + cutime + cstime
// also covers its children once they are reaped, so a build started from a long-lived
// shell shows up even after its compiler processes are gone. Not visible: other guests
// of a VM host, and whatever a VM's kernel or hypervisor spends that is no process's
// (here the whole machine reads busy while the bench runs, more than its processes use,
// which is why /proc/stat's totals are not used).
import { readFileSync, readdirSync } from "node:fs";

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

function readProcesses() {
  const out = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ticks per process not in this process's tree (itself and its descendants), or null. */
export function othersCpu() {
  let procs;
  try {
    procs = readProcesses();
  } catch {
    return null;
  }
  const ours = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const out = new Map();
  for (const [pid, { ticks }] of procs) if (!ours(pid)) out.set(pid, ticks);
  return out;
}

/** Microseconds of CPU other processes used between two othersCpu() readings. */
export function othersCpuUsBetween(before, after) {
  if (!before || !after) return null;
  let ticks = 0;
  for (const [pid, t] of after) ticks += Math.max(0, t - (before.get(pid) ?? 0));
  return ticks * TICK_US;
}
