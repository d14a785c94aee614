/**
 * DraftStore on Redis: thin calls to draft-scripts.ts, plus the scheduling index.
 *
 * The index (SCHEDULED_KEY) is global, so no per-blog script may touch it (Redis Cluster); it is
 * kept right by one rule instead: its score for a scheduled draft is never later than the
 * draft's publishAt. Whoever writes a draft adds it with ZADD LT before and after the script
 * (LT only ever moves a wake-up earlier, so a failed or concurrent save cannot delay one); the
 * scheduler, finding a member early or stale, sets it from the draft and then reads the draft
 * once more and adds it with LT, so that a change made in between wins. A scheduled draft can
 * thus be woken early (and left for later), never late, and never forgotten.
 */
import type { Logger } from "pino";
import { newestFirst } from "../../../shared/entry-order.js";
import type { Draft, Entry } from "../../../shared/schemas.js";
import { conflict, draftConflict, notADraft, notFound } from "../../errors.js";
import { IDEMPOTENCY_TTL_SECONDS, type DraftStore, type DueDraft } from "../port.js";
import { publishCommandOf, type ScriptedRedis } from "./client.js";
import type { ReplicaWait } from "./durability.js";
import { guarded } from "./errors.js";
import { blogKeys, DESK_CHANNEL, SCHEDULED_KEY } from "./keys.js";
import { createRefusal, creationRefusal } from "./refusal.js";

const parseDraft = (json: unknown) => JSON.parse(String(json)) as Draft;
const memberOf = (blogId: string, entryId: string) => `${blogId}/${entryId}`;

export function createRedisDrafts(
  redis: ScriptedRedis,
  written: ReplicaWait,
  historyLimit: number,
  log: Logger,
): DraftStore {
  const refusal = createRefusal(log);
  const entryKeys = (blogId: string) => {
    const k = blogKeys(blogId);
    return [k.blog, k.entries, k.order, k.pinned, k.keyEvents, k.log, k.drafts, k.channel];
  };
  const writeArgs = (blogId: string, at: string) => [
    at,
    historyLimit,
    publishCommandOf(redis),
    blogId,
  ];
  const getDraft = async (blogId: string, entryId: string) => {
    const json = await redis.hget(blogKeys(blogId).drafts, entryId);
    return json ? parseDraft(json) : null;
  };

  /** Wakes the scheduler no later than the draft's publishAt (ZADD LT: never later than before). */
  const wake = async (draft: Pick<Draft, "blogId" | "id" | "status" | "publishAt"> | null) => {
    if (draft?.status !== "scheduled" || !draft.publishAt) return;
    await redis.zadd(
      SCHEDULED_KEY,
      "LT",
      Date.parse(draft.publishAt),
      memberOf(draft.blogId, draft.id),
    );
  };
  /**
   * Sets the member from what the draft was (`seen`: gone, a plain draft, or due later), then
   * reads the draft again: a schedule saved meanwhile is added back, with LT.
   */
  const settle = async (blogId: string, entryId: string, seen: Draft | null) => {
    const member = memberOf(blogId, entryId);
    if (seen?.status === "scheduled" && seen.publishAt)
      await redis.zadd(SCHEDULED_KEY, Date.parse(seen.publishAt), member);
    else await redis.zrem(SCHEDULED_KEY, member);
    await wake(await getDraft(blogId, entryId));
  };

  return {
    createDraft: (blogId, draft, idempotency) =>
      guarded(async () => {
        const k = blogKeys(blogId);
        await wake(draft);
        const [status, json] = await written(k.blog, (writer) =>
          writer.createDraft(
            k.blog,
            k.log,
            k.entries,
            k.drafts,
            k.draftIdempotency(idempotency?.key ?? "none"),
            JSON.stringify(draft),
            DESK_CHANNEL,
            idempotency ? IDEMPOTENCY_TTL_SECONDS : "",
            idempotency?.digest ?? "",
          ),
        );
        const refused = refusal(status, blogId) ?? creationRefusal(status, draft.id);
        if (refused) throw refused;
        const saved = parseDraft(json);
        await wake(saved);
        return { draft: saved, replayed: status === "replayed" };
      }),

    getDraft: (blogId, entryId) => guarded(() => getDraft(blogId, entryId)),

    listDrafts: (blogId) =>
      guarded(async () =>
        (await redis.hvals(blogKeys(blogId).drafts)).map(parseDraft).sort(newestFirst),
      ),

    updateDraft: (blogId, entryId, patch, version, at) =>
      guarded(async () => {
        if (patch.status === "scheduled" && patch.publishAt)
          await wake({ blogId, id: entryId, status: "scheduled", publishAt: patch.publishAt });
        const drafts = blogKeys(blogId).drafts;
        const [status, json] = await written(drafts, (writer) =>
          writer.updateDraft(
            drafts,
            entryId,
            JSON.stringify(patch),
            version,
            at,
            DESK_CHANNEL,
            blogId,
          ),
        );
        if (status === "not_found") throw notFound(`Draft "${entryId}"`);
        if (status === "conflict") throw draftConflict(parseDraft(json));
        const saved = parseDraft(json);
        await wake(saved);
        return saved;
      }),

    deleteDraft: (blogId, entryId) =>
      guarded(async () => {
        const drafts = blogKeys(blogId).drafts;
        const [status] = await written(drafts, (writer) =>
          writer.deleteDraft(drafts, entryId, DESK_CHANNEL, blogId),
        );
        if (status !== "ok") return false;
        await settle(blogId, entryId, null);
        return true;
      }),

    publishDraft: (blogId, entryId, { at, version, dueBy }) =>
      guarded(async () => {
        const [status, json] = await written(blogKeys(blogId).blog, (writer) =>
          writer.publishDraft(
            ...entryKeys(blogId),
            ...writeArgs(blogId, at),
            entryId,
            version ?? "",
            dueBy ?? "",
            DESK_CHANNEL,
          ),
        );
        const refused = refusal(status, blogId);
        if (refused) throw refused;
        if (status === "not_a_draft") throw notADraft(entryId);
        if (status === "not_due")
          throw notADraft(entryId, `it is not scheduled to publish by ${dueBy}`);
        if (status === "conflict") throw draftConflict(parseDraft(json));
        if (status === "exists")
          throw conflict("entry_exists", `Entry "${entryId}" already exists.`);
        await settle(blogId, entryId, null);
        return JSON.parse(String(json)) as Entry;
      }),

    unpublishEntry: (blogId, entryId, at, by) =>
      guarded(async () => {
        const [status, json] = await written(blogKeys(blogId).blog, (writer) =>
          writer.unpublishEntry(
            ...entryKeys(blogId),
            ...writeArgs(blogId, at),
            entryId,
            by,
            DESK_CHANNEL,
          ),
        );
        const refused = refusal(status, blogId, `Entry "${entryId}"`);
        if (refused) throw refused;
        if (status === "exists")
          throw conflict("entry_exists", `A draft "${entryId}" exists already.`);
        return parseDraft(json);
      }),

    dueDrafts: (now, limit) =>
      guarded(async () => {
        const members = await redis.zrangebyscore(
          SCHEDULED_KEY,
          "-inf",
          Date.parse(now),
          "LIMIT",
          0,
          limit,
        );
        const due: DueDraft[] = [];
        for (const member of members) {
          const slash = member.indexOf("/");
          const [blogId, entryId] = [member.slice(0, slash), member.slice(slash + 1)];
          const draft = await getDraft(blogId, entryId);
          if (
            draft?.status === "scheduled" &&
            draft.publishAt &&
            Date.parse(draft.publishAt) <= Date.parse(now)
          )
            due.push({ blogId, entryId, publishAt: draft.publishAt });
          // Published or withdrawn elsewhere, its schedule cancelled, or moved later.
          else await settle(blogId, entryId, draft);
        }
        return due;
      }),
  };
}
