/**
 * The heaviest functions of a CPU profile written by `npm run bench -- --profile` (node
 * --cpu-prof), by self time, with where they live. For a first look without DevTools:
 *
 *   npx tsx bench/profile-summary.ts bench/results/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const where = frame.url
      .replace(/^.*\/node_modules\//, "")
      .replace(/^file:\/\/.*?\/(server|shared)\//, "$1/");
    const key = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const idle = [...self].filter(([key]) => key.startsWith("(idle)")).reduce((n, [, t]) => n + t, 0);
  process.stdout.write(
    `\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * (total - idle)) / total).toFixed(1)}% busy\n`,
  );
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [key, time] of top)
    process.stdout.write(
      `${(time / 1e3).toFixed(0).padStart(8)} ms  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}\n`,
    );
}
