/**
 * ReaderSubscriptions against a fake relay whose joins the test resolves by hand, so that every
 * interleaving a socket's messages can produce is played out exactly: one join per socket and
 * blog, an unsubscribe or disconnect during a pending join wins, and pending joins count
 * towards the limit.
 */
import { describe, expect, it } from "vitest";
import { AppError, notFound } from "../../server/errors.js";
import { ReaderSubscriptions } from "../../server/realtime/reader-subscriptions.js";

/** A relay whose joins wait until the test settles them; it records joins and leaves. */
function fakeRelay() {
  const pending: { blogId: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  const members = new Map<string, number>();
  const relay = {
    joins: 0,
    join(blogId: string) {
      relay.joins += 1;
      return new Promise<void>((resolve, reject) =>
        pending.push({
          blogId,
          resolve: () => {
            members.set(blogId, (members.get(blogId) ?? 0) + 1);
            resolve();
          },
          reject,
        }),
      );
    },
    leave(blogId: string) {
      members.set(blogId, (members.get(blogId) ?? 0) - 1);
    },
    /** Joins minus leaves per blog: what the relay believes this socket holds. */
    members,
    settleAll() {
      for (const join of pending.splice(0)) join.resolve();
    },
    failAll(err: unknown) {
      for (const join of pending.splice(0)) join.reject(err);
    },
  };
  return relay;
}

const code = async (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (err: unknown) => (err instanceof AppError ? err.code : String(err)),
  );

describe("ReaderSubscriptions", () => {
  it("joins once for fifty concurrent subscribes to one blog, and all of them resolve", async () => {
    const relay = fakeRelay();
    const subscriptions = new ReaderSubscriptions(relay, 50);
    const all = Array.from({ length: 50 }, () => subscriptions.add("b"));
    relay.settleAll();
    expect(await Promise.all(all)).toEqual([true, ...Array<boolean>(49).fill(false)]);
    expect(relay.joins).toBe(1);
    expect(relay.members.get("b")).toBe(1);
  });

  it("lets an unsubscribe during a pending join win: the join is left again and refused", async () => {
    const relay = fakeRelay();
    const subscriptions = new ReaderSubscriptions(relay, 50);
    const subscribing = code(subscriptions.add("b"));
    expect(subscriptions.remove("b")).toBe(false);
    relay.settleAll();
    expect(await subscribing).toBe("subscription_cancelled");
    expect(relay.members.get("b")).toBe(0);
    expect(subscriptions.size).toBe(0);
  });

  it("leaves every joined and pending blog when the socket goes, and refuses what comes after", async () => {
    const relay = fakeRelay();
    const subscriptions = new ReaderSubscriptions(relay, 50);
    const first = subscriptions.add("joined");
    relay.settleAll();
    await first;
    const pending = code(subscriptions.add("pending"));
    expect(subscriptions.close()).toEqual(["joined"]);
    relay.settleAll();
    expect(await pending).toBe("subscription_cancelled");
    expect(await code(subscriptions.add("later"))).toBe("subscription_cancelled");
    expect([...relay.members.values()]).toEqual([0, 0]);
    expect(relay.joins).toBe(2);
  });

  it("counts pending joins towards the limit, and frees a place on unsubscribe", async () => {
    const relay = fakeRelay();
    const subscriptions = new ReaderSubscriptions(relay, 3);
    const four = ["a", "b", "c", "d"].map((blogId) => code(subscriptions.add(blogId)));
    relay.settleAll();
    expect(await Promise.all(four)).toEqual(["ok", "ok", "ok", "too_many_subscriptions"]);
    subscriptions.remove("a");
    const again = code(subscriptions.add("d"));
    relay.settleAll();
    expect(await again).toBe("ok");
  });

  it("forgets a subscription whose join failed, for every waiter, so that a retry joins anew", async () => {
    const relay = fakeRelay();
    const subscriptions = new ReaderSubscriptions(relay, 50);
    const both = [code(subscriptions.add("gone")), code(subscriptions.add("gone"))];
    relay.failAll(notFound('Blog "gone"'));
    expect(await Promise.all(both)).toEqual(["not_found", "not_found"]);
    expect(subscriptions.size).toBe(0);
    const retry = code(subscriptions.add("gone"));
    relay.settleAll();
    expect(await retry).toBe("ok");
    expect(relay.joins).toBe(2);
  });
});
