/**
 * Every route the app serves, found by walking Express's own router (not a list kept by hand):
 * each is in the README's API table, and each whose "who" is not `anyone` refuses an anonymous
 * caller with 401 before it reads, changes or reveals anything. A route added without a row, or
 * without its guard, fails here.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInstance, type TestInstance } from "../support/instance.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
  slash?: boolean;
}

/** "METHOD /path" of every route, params written as ":param" so that names need not agree. */
function routesOf(stack: Layer[], prefix = ""): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => method !== "_all")
        .map((method) => `${method.toUpperCase()} ${normalize(prefix + layer.route!.path)}`);
    }
    if (layer.handle?.stack) {
      const mount = layer.slash ? "" : (layer.rawPath ?? "");
      return routesOf(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

const normalize = (path: string) => path.replace(/:[A-Za-z]+/g, ":param").replace(/\?.*$/, "");

/** The README table's rows as "METHOD /path" -> who; "`POST /x`, `GET`" rows name several methods. */
function documented(): Map<string, string> {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const table = readme.slice(readme.indexOf("## The API in one table"));
  const rows = new Map<string, string>();
  for (const line of table.split("\n")) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (cells.length < 4 || !cells[1]?.startsWith("`")) continue;
    const who = cells[2]!;
    let path = "";
    for (const [, code] of cells[1].matchAll(/`([^`]+)`/g)) {
      const [method, given] = code!.split(" ");
      if (given) path = given;
      for (const one of given ? [path] : [path]) {
        for (const each of one.split(",").map((p) => p.trim())) {
          if (each) rows.set(`${method} ${normalize(each)}`, who);
        }
      }
    }
  }
  return rows;
}

/** A request path for a route pattern: each param gets a value its schema accepts. */
const concrete = (route: string) => route.replace(/:param/g, "abcdefghijklmnop");

let server: TestInstance;
let routes: string[];
let rows: Map<string, string>;

beforeAll(async () => {
  server = await startInstance();
  routes = [
    ...new Set(
      routesOf((server.app.app as unknown as { router: { stack: Layer[] } }).router.stack),
    ),
  ];
  rows = documented();
});
afterAll(async () => {
  await server?.close();
});

describe("every route", () => {
  it("finds the routes it must (the walk works)", () => {
    expect(routes).toContain("POST /api/blogs/:param/entries");
    expect(routes).toContain("GET /blogs/:param");
    expect(rows.get("POST /api/blogs/:param/entries")).toBeTruthy();
  });

  it("is in the README's API table", () => {
    const api = routes.filter(
      (route) => / \/(api|media)\//.test(route) || route.endsWith(" /api/media"),
    );
    const missing = api.filter((route) => !rows.has(route));
    expect(missing, "routes the README's API table does not list").toEqual([]);
  });

  it("refuses an anonymous caller with 401 unless the README says anyone may call it", async () => {
    const guarded = [...rows].filter(
      ([route, who]) => who !== "anyone" && who !== "ops" && routes.includes(route),
    );
    expect(guarded.length).toBeGreaterThan(5);
    const answers: string[] = [];
    for (const [route] of guarded) {
      const [method, path] = route.split(" ") as [string, string];
      const res = await request(server.url)
        [method.toLowerCase() as "get"](concrete(path))
        .set("Content-Type", "application/json")
        .send(method === "GET" ? undefined : {});
      if (res.status !== 401) answers.push(`${route} answered ${res.status}`);
    }
    expect(answers).toEqual([]);
  });
});
