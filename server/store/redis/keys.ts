/**
 * Redis key layout. Every key of one blog carries the blog id as a hash tag (`{id}`), so all of
 * them, and the blog's channel, live in one Cluster slot: the atomic scripts stay legal on
 * Redis Cluster and the channel can move to sharded pub/sub (SPUBLISH) unchanged.
 */
export const blogKeys = (blogId: string) => {
  const tag = `lb:{${blogId}}`;
  return {
    /** Hash: id, title, description, status, createdAt, updatedAt, seq, epoch (see epoch.ts). */
    blog: `${tag}:blog`,
    /** Hash: entry id -> entry JSON. */
    entries: `${tag}:entries`,
    /** Sorted sets of entry ids scored by the seq that created them (the paging cursor). */
    order: `${tag}:order`,
    pinned: `${tag}:pinned`,
    keyEvents: `${tag}:key`,
    /** Stream of LiveEvent JSON with id `<seq>-0`, capped at HISTORY_LIMIT. */
    log: `${tag}:log`,
    /** Hash: instance id -> the blog's readers on that instance, and ":total" (see presence.ts). */
    readerCounts: `${tag}:presence`,
    /** Sorted set: instance id by the time (ms) its reader count runs out. */
    readerExpiries: `${tag}:presence:expiry`,
    idempotency: (key: string) => `${tag}:idem:${key}`,
    /** Set of the log-in names of the people assigned to the blog. */
    team: `${tag}:team`,
    /** Hash: entry id -> Draft JSON (drafts and scheduled entries; never in the log). */
    drafts: `${tag}:drafts`,
    /** A draft's idempotency record ("<digest>\n<draft JSON>"), apart from the entries' ones. */
    draftIdempotency: (key: string) => `${tag}:idem-draft:${key}`,
    /** List of AuditRecord JSON, newest first, trimmed to LIMITS.auditMax. */
    audit: `${tag}:audit`,
    /** Pub/sub channel carrying each LiveEvent as published by the write scripts. */
    channel: `${tag}:events`,
  };
};

/** The channel pattern's inverse: which blog a message came from. */
export const blogIdOfChannel = (channel: string) =>
  /^lb:\{([a-z0-9-]+)\}:events$/.exec(channel)?.[1];

/** Set of every blog id (not per blog, so outside any hash tag). */
export const BLOG_INDEX_KEY = "lb:blogs";
export const editorKey = (name: string) => `lb:editor:${name}`;
export const sessionKey = (key: string) => `lb:session:${key}`;
/** The session secret the instances agreed on when SESSION_SECRET is not set (no TTL). */
export const SESSION_SECRET_KEY = "lb:session-secret";
/** Hash: media id -> Media JSON (server/media/). */
export const MEDIA_KEY = "lb:media";

/**
 * Sorted set of every scheduled draft ("<blogId>/<entryId>") by its publishAt in ms: what the
 * scheduler of every instance polls. Global (no hash tag), so it is kept apart from the per-blog
 * scripts (see redis/drafts.ts for how it stays right).
 */
export const SCHEDULED_KEY = "lb:scheduled";
/** The desk's pub/sub channel: every instance hears every blog's DeskEvents (redis/desk.ts). */
export const DESK_CHANNEL = "lb:desk";
