import { describe, expect, it } from "vitest";
import type { Results } from "../../bench/report/results.js";
import {
  ASSUMPTIONS,
  formatValue,
  measuredFrom,
  scalingTable,
  sizeNight,
  type Measured,
} from "../../bench/report/scaling.js";

const measured: Measured = {
  loopMsPerDelivery: { value: 0.05, source: "test" },
  memPerReaderKB: { value: 16, source: "test" },
  maxReadersPerInstance: { value: 10_000, source: "test" },
  stormReadersPerSec: { value: 1_000, source: "test" },
  pageRequestsPerSec: { value: 2_000, source: "test" },
  commandsPerEntry: { value: 40, source: "test" },
  redisUsPerCommand: { value: 10, source: "test" },
};

const figure = (rows: ReturnType<typeof sizeNight>, name: string) => {
  const row = rows.find((r) => r.figure === name);
  if (!row) throw new Error(`no row "${name}"`);
  return row.value;
};

describe("sizing a night", () => {
  it("gives each instance what the latency budget allows, capped at the most a run carried", () => {
    const rows = sizeNight(measured, ASSUMPTIONS);
    // 1,000 ms / 0.05 ms = 20,000 by latency; the runs carried 10,000.
    expect(figure(rows, "readers per instance, by latency")).toBe(20_000);
    expect(figure(rows, "readers per instance (design)")).toBe(10_000);
    expect(figure(rows, "instances serving")).toBe(100);
    expect(figure(rows, "instances (one lost)")).toBe(101);
    expect(figure(rows, "readers per survivor after the loss")).toBe(10_000);
    expect(figure(rows, "loop time per entry per instance")).toBe(500);
    // 1M × 0.05 ms / 1,000 ms = 50 cores, + 1 lost.
    expect(figure(rows, "cores if instances could be larger")).toBe(51);

    const slow = sizeNight(
      { ...measured, loopMsPerDelivery: { value: 0.2, source: "" } },
      ASSUMPTIONS,
    );
    expect(figure(slow, "readers per instance (design)")).toBe(5_000);
    expect(figure(slow, "instances (one lost)")).toBe(201);
  });

  it("puts one blog's Redis work on one shard, and the fan-out on the instances", () => {
    const rows = sizeNight(measured, ASSUMPTIONS);
    // An entry every 10 s reaches each of the 101 instances once.
    expect(figure(rows, "hot shard: pub/sub messages out")).toBeCloseTo(10.1, 5);
    expect(figure(rows, "hot shard: presence commands")).toBe(101 * 11);
    expect(figure(rows, "hot shard: commands for entries")).toBeCloseTo(4, 5);
    // (1,111 + 4) commands × 10 µs = 11.15 ms a second.
    expect(figure(rows, "hot shard: Redis CPU")).toBeCloseTo(1.115, 3);
  });

  it("spreads a lost instance's readers over the survivors, against the measured storm", () => {
    const rows = sizeNight(measured, ASSUMPTIONS);
    expect(figure(rows, "readers displaced")).toBe(9_901);
    expect(figure(rows, "storm: readers per survivor per second")).toBeCloseTo(99.01, 2);
    expect(figure(rows, "storm: share of the measured rate")).toBeCloseTo(9.901, 3);
  });

  it("lets the CDN answer all page loads but one revalidation per PoP, coding and max-age", () => {
    const rows = sizeNight(measured, ASSUMPTIONS);
    // 5 % of 1M a minute.
    expect(figure(rows, "page loads")).toBeCloseTo(833.33, 2);
    expect(figure(rows, "page requests reaching the origin")).toBe(20);
    expect(figure(rows, "CDN's share of page loads")).toBeCloseTo(97.6, 1);
  });

  it("takes its inputs from a results file and says which field each came from", () => {
    const fanout = (readers: number, delivered: number, loopBusyMsPerEntry: number) => ({
      readers,
      servers: {
        liveblog: {
          readers,
          delivered,
          expected: readers * 30,
          loopBusyMsPerEntry,
          memPerReaderKB: 15,
        },
      },
    });
    const results = {
      scenarios: {
        fanout: [fanout(10_000, 300_000, 200), fanout(20_000, 600_000, 600), fanout(40_000, 1, 1)],
        storm: [
          {
            readers: 5_000,
            servers: { liveblog: { rounds: 2, displaced: 5_000, caughtUpMs: 2_500 } },
          },
        ],
        pages: [
          { target: "reader page", conditional: true, requestsPerSec: 5_000 },
          { target: "reader page", conditional: false, requestsPerSec: 3_000 },
        ],
        cluster: [
          {
            readers: 3_000,
            servers: {
              cluster: {
                entries: 30,
                redis: [
                  {
                    label: "shard 1 master",
                    role: "master",
                    blogs: ["a"],
                    commands: 1_200,
                    commandsPerSec: 80,
                    cpuPct: 0.4,
                  },
                  {
                    label: "shard 1 replica",
                    role: "replica",
                    blogs: ["a"],
                    commandsPerSec: 10,
                    cpuPct: 0.1,
                  },
                ],
              },
            },
          },
        ],
      },
    } as unknown as Results;

    const inputs = measuredFrom(results, "r.json", 10_000);
    // 200 ms per entry on an instance of 5,000 readers.
    expect(inputs.loopMsPerDelivery.value).toBe(0.04);
    expect(inputs.loopMsPerDelivery.source).toContain("r.json scenarios.fanout[readers=10000]");
    // The largest run with every event delivered: 20,000 on 2 instances (not the 40,000 one).
    expect(inputs.maxReadersPerInstance.value).toBe(10_000);
    expect(inputs.stormReadersPerSec.value).toBe(1_000);
    expect(inputs.pageRequestsPerSec.value).toBe(3_000);
    // 1,200 commands for 30 entries; 0.4 % of a core over 80 commands/s = 50 µs each.
    expect(inputs.commandsPerEntry?.value).toBe(40);
    expect(inputs.redisUsPerCommand?.value).toBe(50);
    expect(() => measuredFrom(results, "r.json", 5_000)).toThrow(/no liveblog fan-out at 5000/);
  });

  it("prints a Markdown table with readable numbers", () => {
    expect(formatValue(1_234_567)).toBe("1,234,567");
    expect(formatValue(8.2849)).toBe("8.28");
    expect(formatValue(0.04136)).toBe("0.0414");
    expect(formatValue(97.63)).toBe("97.6");
    const table = scalingTable(sizeNight(measured, ASSUMPTIONS));
    expect(table.split("\n")[0]).toBe("| figure | value | how |");
    expect(table).toContain("| instances (one lost) | 101 |");
  });
});
