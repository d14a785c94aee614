/**
 * The drafts of one blog as the desk knows them: from GET /drafts and from the editors' channel
 * (desk:event). Merged by id and version so that a stale copy never wins, and a reload that was
 * under way when a draft was saved or removed cannot undo what the channel said meanwhile.
 * DOM-free, so that it is unit-tested without a browser.
 */
import type { Draft } from "../../shared/schemas.js";

export function createDraftModel() {
  const drafts = new Map<string, Draft>();
  /** What the channel said while the newest reload was under way, to lay over its answer. */
  let during: { saved: Map<string, Draft>; removed: Set<string> } | null = null;
  let loads = 0;

  const newer = (draft: Draft, than: Draft | undefined) => !than || draft.version >= than.version;

  return {
    get(entryId: string): Draft | undefined {
      return drafts.get(entryId);
    },

    /** Keeps the newest version; returns the copy it replaced (undefined for a new draft). */
    save(draft: Draft): { saved: boolean; previous: Draft | undefined } {
      const previous = drafts.get(draft.id);
      if (during) {
        during.removed.delete(draft.id);
        if (newer(draft, during.saved.get(draft.id))) during.saved.set(draft.id, draft);
      }
      if (!newer(draft, previous)) return { saved: false, previous };
      drafts.set(draft.id, draft);
      return { saved: true, previous };
    },

    /** Forgets a draft (published, withdrawn, deleted); returns it if it was known. */
    remove(entryId: string): Draft | undefined {
      const known = drafts.get(entryId);
      drafts.delete(entryId);
      during?.saved.delete(entryId);
      during?.removed.add(entryId);
      return known;
    },

    /**
     * Starts a reload; call the returned function with its answer, or with null when it failed.
     * An answer older than a later reload is dropped, since that one reflects more.
     */
    beginLoad(): (list: readonly Draft[] | null) => void {
      const round = ++loads;
      const seen = { saved: new Map<string, Draft>(), removed: new Set<string>() };
      during = seen;
      return (list) => {
        if (round !== loads) return;
        during = null;
        if (!list) return;
        drafts.clear();
        for (const draft of list) if (!seen.removed.has(draft.id)) drafts.set(draft.id, draft);
        for (const draft of seen.saved.values()) {
          if (newer(draft, drafts.get(draft.id))) drafts.set(draft.id, draft);
        }
      };
    },

    /** Plain drafts, newest first. */
    waiting(): Draft[] {
      return [...drafts.values()]
        .filter((d) => d.status === "draft")
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    },

    /** Scheduled drafts, the soonest first. */
    scheduled(): Draft[] {
      return [...drafts.values()]
        .filter((d) => d.status === "scheduled")
        .sort(
          (a, b) =>
            (a.publishAt ?? "").localeCompare(b.publishAt ?? "") || a.id.localeCompare(b.id),
        );
    },
  };
}

export type DraftModel = ReturnType<typeof createDraftModel>;
