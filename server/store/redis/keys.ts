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
    /**
     * A draft's idempotency record, apart from the entries' ones: "/" is in no client's key, so
     * the two never meet, and it is still under `idem:` with the others.
     */
    draftIdempotency: (key: string) => `${tag}:idem:draft/${key}`,
    /** Set of the log-in names of the people assigned to the blog. */
    team: `${tag}:team`,
    /** List of AuditRecord JSON, newest first, trimmed to LIMITS.auditMax. */
    audit: `${tag}:audit`,
    /** Hash: entry id -> Draft JSON (entries not published: drafts and scheduled ones). */
    drafts: `${tag}:drafts`,
    /** Hash: entry id -> its poll's PollTally JSON (the poll it counts for, counts, total). */
    pollTallies: `${tag}:polls`,
    /** Hash: entry id -> its ReactionCounts JSON. */
    reactionTallies: `${tag}:reactions`,
    /** String: the blog's counts version, +1 with every vote and every reaction that changed one. */
    talliesVersion: `${tag}:tallies:version`,
    /** Sorted set: entry id by the version its counts last changed at (for talliesSince). */
    talliesChanged: `${tag}:tallies:changed`,
    /** Hash: device -> the option it chose, of the entry's poll counted in pollTallies. */
    voters: (entryId: string) => `${tag}:voters:${entryId}`,
    /** Hash: `<device>/<reaction>` -> 1, for each reaction a device has set on the entry. */
    reacted: (entryId: string) => `${tag}:reacted:${entryId}`,
    /** List of "<minute ms> <readers>", oldest first, capped at STATS_SERIES_MAX (presence.ts). */
    readerSeries: `${tag}:readers:series`,
    /** Hash: readers, at (ms): the most readers counted at once, and when. */
    readerPeak: `${tag}:readers:peak`,
    /** HyperLogLog of the devices that followed the blog (PFADD/PFCOUNT: no id is kept). */
    devices: `${tag}:devices`,
    /**
     * The keys not named by the deletion script: per client (idempotency) or per entry (voters,
     * reacted). Deleting a blog finds them by SCAN (delete-blog.ts).
     */
    sweptPrefixes: [`${tag}:idem:`, `${tag}:voters:`, `${tag}:reacted:`],
    /** What that SCAN matches: every key under the blog's hash tag. */
    tagPattern: `${tag}:*`,
    /** Pub/sub channel carrying each LiveEvent as published by the write scripts. */
    channel: `${tag}:events`,
  };
};

/** Redis Cluster's slot of a key or channel: CRC16 (XMODEM) of its hash tag, or of all of it. */
export function hashSlot(key: string): number {
  const bytes = Buffer.from(key);
  let from = 0;
  let to = bytes.length;
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) [from, to] = [open + 1, close];
  }
  let crc = 0;
  for (let i = from; i < to; i++) {
    crc ^= bytes[i]! << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/** The channel pattern's inverse: which blog a message came from. */
export const blogIdOfChannel = (channel: string) =>
  /^lb:\{([a-z0-9-]+)\}:events$/.exec(channel)?.[1];

/** Set of every blog id (not per blog, so outside any hash tag). */
export const BLOG_INDEX_KEY = "lb:blogs";
export const editorKey = (name: string) => `lb:editor:${name}`;
/**
 * Set of every person's log-in name, for listing them. Records saved before it existed are added
 * by a scan when a store opens (editors.ts).
 */
export const EDITOR_INDEX_KEY = "lb:editors";
/**
 * A personal API token's record (TokenRecord JSON), under the SHA-256 of the token: looking a
 * token up is one GET, and the key names no secret.
 */
export const tokenKey = (hash: string) => `lb:token:${hash}`;
/** Hash: token id -> token hash, of one person's tokens (for listing and revoking by id). */
export const tokensOfKey = (owner: string) => `lb:tokens:${owner}`;
export const sessionKey = (key: string) => `lb:session:${key}`;
/** The session secret the instances agreed on when SESSION_SECRET is not set (no TTL). */
export const SESSION_SECRET_KEY = "lb:session-secret";
/**
 * Sorted set of every blog's scheduled drafts, `<blogId>/<entryId>` by publishAt (ms): what the
 * scheduler claims from. Global, so outside any hash tag.
 */
export const SCHEDULED_KEY = "lb:scheduled";
/** Hash: media id -> Media JSON (server/media/). */
export const MEDIA_KEY = "lb:media";

/** The desk's pub/sub channel: every instance hears every blog's DeskEvents (redis/desk.ts). */
export const DESK_CHANNEL = "lb:desk";
