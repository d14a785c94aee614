/**
 * The hand-written Lua the vote script relies on (server/store/redis/engagement-scripts.ts), run
 * in a real Redis against what the rest of the server does in JavaScript: a poll's closing time
 * read as Date.parse reads it, for every form the schema takes (fractions of any length or none,
 * leap days, before 1970), and the poll found in an entry's JSON whatever its texts hold and
 * whichever order its keys come in, as Node writes it and as cjson writes it again.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollOf, timeOf } from "../../server/store/redis/engagement-scripts.js";
import { startRedis, type TestRedis } from "../support/redis.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Milliseconds as Lua reads each time (as text: Lua's numbers print with 14 digits). */
const msInLua = async (times: string[]) =>
  (await redis
    .client()
    .eval(
      `${timeOf}\nlocal out = {}\nfor i, iso in ipairs(ARGV) do out[i] = string.format('%d', msOf(iso) or -1) end\nreturn out`,
      0,
      ...times,
    )) as string[];

describe("a poll's closing time in Lua", () => {
  it("is the instant Date.parse gives, for every form of time the schema takes", async () => {
    const instants = fc.sample(
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
      { numRuns: 2_000, seed: 16 },
    );
    const times = instants.flatMap((ms) => {
      const iso = new Date(ms).toISOString();
      return [
        iso,
        iso.replace(/\.\d+Z$/, "Z"),
        iso.replace(/(\.\d)\d\dZ$/, "$1Z"),
        iso.replace(/Z$/, "987654Z"),
      ];
    });
    times.push(
      "2024-02-29T23:59:59.999Z",
      "2100-03-01T00:00:00Z",
      "1970-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2000-01-01T00:00:00.1Z",
    );
    const read = await msInLua(times);
    const mismatches = times.filter((iso, i) => Number(read[i]) !== Date.parse(iso));
    expect(mismatches).toEqual([]);
  });

  it("is none for a time that is not one (the vote is then refused as closed)", async () => {
    expect(await msInLua(["2024-01-01", "2024-01-01T10:00+02:00", "tomorrow", ""])).toEqual([
      "-1",
      "-1",
      "-1",
      "-1",
    ]);
  });
});

describe("the poll of an entry's JSON in Lua", () => {
  const tricky = fc.string({
    unit: fc.constantFrom(
      '"',
      "\\",
      "{",
      "}",
      "[",
      "]",
      ":",
      ",",
      "/",
      '"poll":{',
      "é",
      "😀",
      "\n",
      "a",
    ),
    maxLength: 12,
  });
  const entries = fc.record({
    headline: tricky,
    body: tricky,
    html: tricky,
    question: tricky,
    options: fc.uniqueArray(tricky, { minLength: 2, maxLength: 6 }),
    order: fc.shuffledSubarray(["id", "headline", "body", "html", "author", "poll", "version"], {
      minLength: 7,
    }),
  });

  it("is the entry's poll whatever its texts hold, in any key order, as Node and cjson write it", async () => {
    const client = redis.client();
    const find = `${pollOf}\nlocal poll = pollOf(ARGV[1])\nreturn poll and cjson.encode(poll) or false`;
    await fc.assert(
      fc.asyncProperty(entries, async ({ order, question, options, ...texts }) => {
        const poll = { id: "abcdefgh1234", question, options, closesAt: null, closedAt: null };
        const fields: Record<string, unknown> = {
          id: "e1",
          author: { name: texts.headline },
          version: 2,
          poll,
          ...texts,
        };
        const json = JSON.stringify(Object.fromEntries(order.map((key) => [key, fields[key]])));
        const again = (await client.eval(
          "return cjson.encode(cjson.decode(ARGV[1]))",
          0,
          json,
        )) as string;
        for (const stored of [json, again]) {
          const found = JSON.parse((await client.eval(find, 0, stored)) as string) as typeof poll;
          expect(found).toEqual(poll);
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it("is none for an entry without one", async () => {
    const find = `${pollOf}\nreturn pollOf(ARGV[1]) and 'found' or 'none'`;
    for (const entry of [
      { id: "e", body: '"poll":{' },
      { id: "e", poll: null },
    ])
      expect(await redis.client().eval(find, 0, JSON.stringify(entry))).toBe("none");
  });
});
