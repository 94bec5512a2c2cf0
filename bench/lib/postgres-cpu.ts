// CPU seconds of every postgres process on this machine (the server's share of a benchmark's
// work), from /proc: the bench runs PostgreSQL on the same machine, so its CPU is counted too.
import { readdirSync, readFileSync } from "node:fs";

const USER_HZ = 100;

export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / USER_HZ;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
