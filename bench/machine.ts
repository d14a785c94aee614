/**
 * How busy the whole machine was, from /proc/stat: the benchmark subtracts what its own servers
 * and generators used, and reports the rest (other people's work, Redis, the kernel), so every
 * figure comes with how noisy the shared machine was while it was taken.
 */
import { readFileSync } from "node:fs";

/** Busy CPU time of all cores so far, in ms (0 where /proc/stat does not exist). */
export function machineBusyMs(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1);
    // user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce((a, b) => a! + (b ?? 0), 0)!;
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/**
 * Connections the kernel dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows, all sockets of the network namespace), 0 where it cannot be read. A
 * server whose event loop stalls while connections arrive overflows its queue (Node's backlog
 * is 511): the clients' handshakes are retried after 1 s, 3 s..., or their requests reset.
 */
export function listenOverflows(): number {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    const names = lines.find((line) => line.startsWith("TcpExt:"))?.split(/\s+/) ?? [];
    const values = lines.filter((line) => line.startsWith("TcpExt:"))[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf("ListenOverflows")] ?? 0) || 0;
  } catch {
    return 0;
  }
}
