// CPU time over a benchmark's load window, as cores (CPU seconds per second of wall time). On this
// 2-core machine the load generator shares the cores with the server under test, so a run whose server
// and generator together use ~2 cores is bound by the machine, not by either alone.
import { readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux) */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (all its threads), or null when it cannot be read */
export function processCpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU seconds of a process's main thread (its thread id is its pid): the broker, ingest and API of a
 * Node process, without its worker threads. CPU time, not the event loop's busy time, which also
 * counts the time the thread was runnable but waiting for a core on a loaded machine.
 */
export function mainThreadCpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuSeconds(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    // the command name may hold spaces: fields are counted after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds this process has used so far */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function cores(cpuSeconds: number | null, wallSeconds: number): number | null {
  return cpuSeconds === null || wallSeconds <= 0 ? null : Math.round((cpuSeconds / wallSeconds) * 100) / 100;
}
