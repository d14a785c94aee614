/**
 * Dependency audit, offline (issue 6, "clean of known high-severity advisories"). `npm audit`
 * needs the registry's advisory service, which .ci/audit asks when it can be reached; this test
 * holds the line everywhere: every copy in the production dependency tree of a package with a
 * known high-severity advisory is at or above the release that fixed it in its release line.
 * Among them, the crash-by-one-packet bugs of the Socket.IO stack that issue 6 names.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Package -> the first fixed release in each release line, and the advisories fixed. */
const FIXED_IN: Record<string, [string[], string]> = {
  ws: [["8.17.1"], "CVE-2024-37890: crash on a request with too many headers"],
  "socket.io": [["4.6.2"], "CVE-2024-38355: crash on an 'error' event from a client"],
  "socket.io-parser": [["4.2.3"], "CVE-2022-2421, CVE-2023-32695: crafted attachment packets"],
  "engine.io": [["6.4.2"], "CVE-2022-41940, CVE-2023-31125: crash on crafted packets"],
  express: [["4.20.0", "5.0.0"], "CVE-2024-43796, CVE-2024-29041: redirect XSS, open redirect"],
  "body-parser": [["1.20.3"], "CVE-2024-45590: denial of service with url-encoded bodies"],
  "path-to-regexp": [
    ["0.1.12", "1.9.0", "3.3.0", "6.3.0", "8.0.0"],
    "CVE-2024-45296, CVE-2024-52798: ReDoS in routes",
  ],
  send: [["0.19.0"], "CVE-2024-43799: template injection"],
  "serve-static": [["1.16.0"], "CVE-2024-43800: template injection"],
  cookie: [["0.7.0"], "CVE-2024-47764: cookie name/path injection"],
  qs: [["6.10.3"], "CVE-2022-24999: prototype pollution"],
  "sanitize-html": [["2.12.1"], "CVE-2024-21501: information exposure through style"],
  "markdown-it": [["12.3.2"], "CVE-2022-21670: ReDoS"],
  postcss: [["8.4.31"], "CVE-2023-44270: line-return parsing"],
  nanoid: [["3.3.8", "5.0.9"], "CVE-2024-55565: predictable ids with non-integer sizes"],
  zod: [["3.22.3"], "CVE-2023-4316: ReDoS in email validation"],
  esbuild: [["0.25.0"], "GHSA-67mh-4wv8-2f99: dev server readable by any site"],
  debug: [["2.6.9", "3.1.0"], "CVE-2017-16137: ReDoS"],
  ms: [["2.0.0"], "CVE-2017-20162: ReDoS"],
};

interface TreeNode {
  version?: string;
  dependencies?: Record<string, TreeNode>;
}

/** Every installed version of every package in the production tree (npm ls, no network). */
function productionVersions(): Map<string, Set<string>> {
  const json = execFileSync("npm", ["ls", "--omit=dev", "--all", "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 32 * 1024 * 1024,
  });
  const versions = new Map<string, Set<string>>();
  const walk = (node: TreeNode) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) versions.set(name, (versions.get(name) ?? new Set()).add(child.version));
      walk(child);
    }
  };
  walk(JSON.parse(json) as TreeNode);
  return versions;
}

const parts = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
/** The release line: the major version, or major.minor below 1.0 (where minors break). */
const line = (v: string) => (parts(v)[0] === 0 ? `0.${parts(v)[1]}` : String(parts(v)[0]));

/** a >= b for plain x.y.z versions (a pre-release counts as the release before). */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return !a.includes("-") || b.includes("-");
}

/** Patched: at or above its line's fix, or on a line newer than every line with a fix. */
function patched(version: string, fixes: string[]): boolean {
  const sameLine = fixes.find((fix) => line(fix) === line(version));
  if (sameLine) return atLeast(version, sameLine);
  return fixes.every((fix) => atLeast(version, fix));
}

describe("production dependencies", () => {
  const installed = productionVersions();

  it("include the Socket.IO and HTTP stacks this check is about", () => {
    for (const name of ["ws", "socket.io", "socket.io-parser", "engine.io", "express"])
      expect(installed.has(name), name).toBe(true);
  });

  it("are at or above the fix of every known high-severity advisory", () => {
    const vulnerable: string[] = [];
    for (const [name, [fixes, advisory]] of Object.entries(FIXED_IN)) {
      for (const version of installed.get(name) ?? [])
        if (!patched(version, fixes)) vulnerable.push(`${name}@${version} (${advisory})`);
    }
    expect(vulnerable).toEqual([]);
  });

  it("judges versions per release line", () => {
    const pathToRegexp = FIXED_IN["path-to-regexp"]![0];
    expect(patched("8.4.2", pathToRegexp)).toBe(true);
    expect(patched("6.2.2", pathToRegexp)).toBe(false);
    expect(patched("0.1.7", pathToRegexp)).toBe(false);
    expect(patched("0.1.12", pathToRegexp)).toBe(true);
    expect(patched("8.21.3", ["8.17.1"])).toBe(true);
    expect(patched("8.17.0", ["8.17.1"])).toBe(false);
    expect(patched("7.5.9", ["8.17.1"])).toBe(false);
    expect(patched("2.4.0", ["1.20.3"])).toBe(true);
    expect(patched("4.2.3-rc.1", ["4.2.3"])).toBe(false);
  });
});
