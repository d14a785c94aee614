import { describe, expect, it } from "vitest";
import {
  commandDeltas,
  countersOf,
  parseInfo,
  redisWindow,
  type RedisNode,
} from "../../bench/redis-stats.js";

// The shape of `INFO stats cpu commandstats` (abridged), CRLF line ends as Redis sends them.
const info = (commands: number, publish: number, spublish: number, outBytes: number, cpu: number) =>
  [
    "# Stats",
    `total_commands_processed:${commands}`,
    `total_net_output_bytes:${outBytes}`,
    "# CPU",
    `used_cpu_sys:${cpu / 2}`,
    `used_cpu_user:${cpu / 2}`,
    "# Commandstats",
    `cmdstat_publish:calls=${publish},usec=7,usec_per_call=3.50,rejected_calls=0,failed_calls=0`,
    ...(spublish ? [`cmdstat_spublish:calls=${spublish},usec=9,usec_per_call=1.00`] : []),
    "cmdstat_evalsha:calls=999,usec=73,usec_per_call=73.00",
    "",
  ].join("\r\n");

const node: RedisNode = { label: "shard 1 master", role: "master", blogs: ["a"], url: "" };

describe("Redis figures of a measuring window", () => {
  it("reads INFO's fields, sections and commandstats lines", () => {
    const fields = parseInfo(info(10, 2, 0, 100, 1));
    expect(fields.get("total_commands_processed")).toBe("10");
    expect(fields.has("# Stats")).toBe(false);
    expect(fields.get("cmdstat_publish")).toMatch(/^calls=2,/);
  });

  it("counts PUBLISH and SPUBLISH as published messages, and nothing that merely ends in calls", () => {
    expect(countersOf(info(10, 2, 3, 100, 1), 0).published).toBe(5);
    expect(countersOf(info(10, 2, 0, 100, 1), 0).published).toBe(2);
    expect(countersOf("", 0)).toEqual({
      atMs: 0,
      commands: 0,
      published: 0,
      netOutputBytes: 0,
      cpuSeconds: 0,
      byCommand: {},
    });
  });

  it("gives the calls and microseconds of each command that ran between two readings", () => {
    const reading = (evalsha: number, usec: number, hsetnx: number) =>
      countersOf(
        [
          "# Commandstats",
          `cmdstat_evalsha:calls=${evalsha},usec=${usec},usec_per_call=1.00,rejected_calls=0,failed_calls=0`,
          ...(hsetnx
            ? [`cmdstat_hsetnx:calls=${hsetnx},usec=${hsetnx * 2},usec_per_call=2.00`]
            : []),
          "cmdstat_ping:calls=4,usec=4,usec_per_call=1.00",
          "",
        ].join("\r\n"),
        0,
      );
    expect(commandDeltas(reading(10, 300, 0), reading(40, 1_500, 25))).toEqual({
      evalsha: { calls: 30, usec: 1_200 },
      hsetnx: { calls: 25, usec: 50 },
    });
  });

  it("gives each node's work over the window, in all and per second", () => {
    const before = countersOf(info(1_000, 10, 5, 10_240, 2), 1_000);
    const after = countersOf(info(1_600, 10, 25, 30_720, 2.1), 5_000);
    expect(redisWindow(node, before, after)).toEqual({
      label: "shard 1 master",
      role: "master",
      blogs: ["a"],
      seconds: 4,
      published: 20,
      commands: 600,
      publishedPerSec: 5,
      commandsPerSec: 150,
      netOutputKBPerSec: 5,
      cpuPct: 2.5,
    });
  });
});
