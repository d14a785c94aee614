/**
 * Where a reader stood in a blog when they last left it, kept on their device only (localStorage,
 * one key per blog, nothing sent to the server), and which entries are new to them since.
 *
 * Entries carry the seq of their last change, not of their creation, so a seq alone cannot tell a
 * new entry from an old one edited since. An entry at version 1 has never changed: its seq is its
 * creation's. An edited one is new only if it was created after the visit: its `createdAt` (the
 * server's time of its `entry.created`) is later than `at`, the server's time of the last change
 * the reader had seen (the blog's `updatedAt` then), both from the server's clock.
 */
import type { LogPosition } from "../../shared/page-state.js";
import type { ReaderEntry } from "../../shared/schemas.js";
import { readLocal, writeLocal } from "../common/local-storage.js";

export interface LastVisit extends LogPosition {
  /** The server's time of the change at `seq` (the blog's `updatedAt` when it was the last). */
  at: string;
}

const storageKey = (blogId: string) => `liveblog:last-visit:${blogId}`;

export function readLastVisit(blogId: string): LastVisit | null {
  try {
    const value: unknown = JSON.parse(readLocal(storageKey(blogId)) ?? "null");
    if (typeof value !== "object" || value === null) return null;
    const { epoch, seq, at } = value as Record<string, unknown>;
    if (typeof epoch !== "string" || typeof seq !== "number" || typeof at !== "string") return null;
    return { epoch, seq, at };
  } catch {
    return null;
  }
}

export function writeLastVisit(blogId: string, visit: LastVisit): void {
  writeLocal(storageKey(blogId), JSON.stringify(visit));
}

/**
 * The entries of `entries` created after `visit`, in the order given. None when there was no
 * visit, or when it belongs to another epoch: its seqs then mean nothing in today's log.
 */
export function unseenSince(
  visit: LastVisit | null,
  epoch: string,
  entries: readonly ReaderEntry[],
): ReaderEntry[] {
  if (!visit || visit.epoch !== epoch) return [];
  const visitAt = Date.parse(visit.at);
  return entries.filter(
    (entry) =>
      entry.seq > visit.seq && (entry.version === 1 || Date.parse(entry.createdAt) > visitAt),
  );
}
