/**
 * Readers' votes and reactions as the pages send them (issue 16): a browser on the reader page,
 * which keeps the device cookie it is given, or the embed frame, which sends its token in the body
 * and keeps no cookie. And an entry with a poll, posted as an editor's script does.
 */
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import type { PollTally, ReactResult, Tallies, VoteResult } from "../../shared/engagement.js";
import type { Entry, ErrorBody, PollInput } from "../../shared/schemas.js";
import { bearer, type TestInstance } from "./instance.js";
import { sendWith, type Answer } from "./newsroom.js";

/** A new embed device token (what the embed frame keeps in its storage). */
export const newToken = () => randomBytes(16).toString("base64url");

/** An answer that is either the result or the error body. */
export type ReaderAnswer<T> = Answer<T & Partial<ErrorBody>> & { setCookies: string[] };

export interface ReaderOptions {
  /** The address the request comes from (X-Forwarded-For; the instance trusts loopback). */
  address?: string;
  /** The page's origin; the instance's own unless given, `null` for none (a script). */
  origin?: string | null;
  /** The embed frame's device token: sent in the body, and no cookie is kept or sent. */
  token?: string;
}

/**
 * A reader's device: its votes and reactions go to `instance` (or another one given per call), and
 * it keeps the device cookie the server sets, as a browser does (unless it is an embed frame).
 */
export function readerDevice(instance: TestInstance, options: ReaderOptions = {}) {
  let cookie: string | undefined;
  const write = async <T>(
    to: TestInstance,
    path: string,
    body: Record<string, unknown>,
  ): Promise<ReaderAnswer<T>> => {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const origin = options.origin === undefined ? to.url : options.origin;
    if (origin !== null) headers.Origin = origin;
    if (options.address) headers["X-Forwarded-For"] = options.address;
    if (cookie && !options.token) headers.Cookie = cookie;
    const answer = await sendWith<T & Partial<ErrorBody>>(
      to,
      "POST",
      path,
      headers,
      options.token ? { ...body, device: options.token } : body,
    );
    const setCookies = answer.headers.getSetCookie();
    const device = setCookies.find((value) => value.startsWith("lb_device="));
    if (device && !options.token) cookie = device.split(";")[0];
    return { ...answer, setCookies };
  };
  return {
    get cookie() {
      return cookie;
    },
    vote: (
      blogId: string,
      entryId: string,
      vote: { pollId: string; option: number },
      to = instance,
    ) => write<VoteResult>(to, `/api/blogs/${blogId}/entries/${entryId}/poll/votes`, { ...vote }),
    react: (
      blogId: string,
      entryId: string,
      reaction: { reaction: string; on: boolean },
      to = instance,
    ) => write<ReactResult>(to, `/api/blogs/${blogId}/entries/${entryId}/reactions`, reaction),
  };
}

export type ReaderDevice = ReturnType<typeof readerDevice>;

/** Sends a request as the admin's script (Bearer token); the answer whatever its status. */
export const asAdmin = <T = Entry>(
  instance: TestInstance,
  method: string,
  path: string,
  body?: unknown,
) =>
  sendWith<T & Partial<ErrorBody>>(
    instance,
    method,
    path,
    { ...bearer, "Content-Type": "application/json" },
    body,
  );

/** A poll of three options, open until it is closed. */
export const threeWayPoll = (question = "Who wins?"): PollInput => ({
  question,
  options: ["Red", "Green", "Blue"],
});

/** Posts a published entry with `poll`; fails unless it is made. */
export async function postPoll(
  instance: TestInstance,
  blogId: string,
  poll: PollInput = threeWayPoll(),
): Promise<Entry & { poll: NonNullable<Entry["poll"]> }> {
  const answer = await asAdmin(instance, "POST", `/api/blogs/${blogId}/entries`, {
    body: "Vote below.",
    poll,
  });
  if (answer.status !== 201 || !answer.body.poll)
    throw new Error(`posting a poll: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as Entry & { poll: NonNullable<Entry["poll"]> };
}

/** The blog's counts as GET .../tallies gives them. */
export async function talliesOf(instance: TestInstance, blogId: string): Promise<Tallies> {
  const response = await fetch(`${instance.url}/api/blogs/${blogId}/tallies`);
  if (response.status !== 200) throw new Error(`GET tallies: ${response.status}`);
  return (await response.json()) as Tallies;
}

/** One poll's counts as GET .../tallies gives them (none yet: undefined). */
export const pollTally = async (
  instance: TestInstance,
  blogId: string,
  entryId: string,
): Promise<PollTally | undefined> => (await talliesOf(instance, blogId)).polls[entryId];

/** What a storm of embed votes got: the answers by status, and the votes counted per option. */
export interface StormResult {
  statuses: Record<number, number>;
  accepted: number[];
  /** The code and whether Retry-After came, of every 429 ("rate_limited retry"). */
  refusals: Set<string>;
  elapsedMs: number;
}

/**
 * `votes` embed votes (each from a new device token) for option `i % options`, `concurrency` at a
 * time over kept-alive connections, spread over `targets` in turn, from `address`. Plain
 * node:http, since fetch costs the test process about twice the CPU per request, and the storm
 * must fit in one rate-limit window on a busy machine.
 */
export async function voteStorm(
  targets: readonly TestInstance[],
  blogId: string,
  entry: { id: string; poll: { id: string; options: string[] } },
  { votes, address, concurrency = 16 }: { votes: number; address: string; concurrency?: number },
): Promise<StormResult> {
  const options = entry.poll.options.length;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const result: StormResult = {
    statuses: {},
    accepted: entry.poll.options.map(() => 0),
    refusals: new Set(),
    elapsedMs: 0,
  };
  type Answer = { status: number; retryAfter: boolean; body: string };
  const post = (
    to: TestInstance,
    option: number,
    body = JSON.stringify({ pollId: entry.poll.id, option, device: newToken() }),
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request(
        `${to.url}/api/blogs/${blogId}/entries/${entry.id}/poll/votes`,
        {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            Origin: to.url,
            "X-Forwarded-For": address,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: res.headers["retry-after"] !== undefined,
              body: text,
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed as idle just as it was reused (a stall of
        // the busy machine longer than the server's keep-alive timeout): sent again, as Node's
        // documentation advises. Its device is the same, so a vote that was counted after all
        // is answered already_voted, which counts as the 200 it got.
        if (!req.reusedSocket || err.code !== "ECONNRESET") return reject(err);
        post(to, option, body).then(
          (again) => resolve(isAlreadyVoted(again) ? { ...again, status: 200 } : again),
          reject,
        );
      });
      req.end(body);
    });
  const isAlreadyVoted = (answer: Answer) =>
    answer.status === 409 && (JSON.parse(answer.body) as ErrorBody).error.code === "already_voted";
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < votes) {
      const i = next++;
      const answer = await post(targets[i % targets.length]!, i % options);
      result.statuses[answer.status] = (result.statuses[answer.status] ?? 0) + 1;
      if (answer.status === 200) result.accepted[i % options]! += 1;
      if (answer.status === 429) {
        const { error } = JSON.parse(answer.body) as ErrorBody;
        result.refusals.add(`${error.code} ${answer.retryAfter ? "retry" : "none"}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  result.elapsedMs = performance.now() - started;
  return result;
}
