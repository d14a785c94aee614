/**
 * The English catalog: the source of every message key (shared/i18n/catalog.ts). Other catalogs
 * translate each key; one missing a key falls back to this text, and tests/unit/catalogs.test.ts
 * fails. `{name}` is a placeholder (the same in every catalog); a message with plural forms has
 * one text per Intl.PluralRules category of its language, `other` always.
 *
 * Brand names (YouTube, WhatsApp, ...) are not translated; they come in as placeholders.
 */
export const en = {
  // The page around the reader
  "page.skipToContent": "Skip to content",
  "page.titleLive": "{title} (live)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Live updates: {title}",

  // The blog's header
  "blog.live": "Live",
  "blog.ended": "Ended",
  "blog.removed": "Removed",
  "blog.updated": "Updated {time}",
  "blog.atomFeed": "Atom feed",
  "blog.removedText": "This live blog was removed.",
  "blog.missingText": "This live blog does not exist.",
  "connection.connecting": "Connecting…",
  "connection.live": "Connected",
  "connection.reconnecting": "Reconnecting…",
  "connection.offline": "Offline",
  "readers.count": { one: "{count} reading", other: "{count} reading" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Key events",
  "keyEvents.empty": "No key events yet.",
  "pinned.title": "Pinned",
  "updates.title": "Latest updates",
  "updates.filterLabel": "Filter updates",
  "updates.all": "All updates",
  "updates.keyEventsOnly": "Key events only",
  "updates.backToLatest": "Back to the latest updates",
  "updates.empty": "No updates yet.",
  "updates.loadOlder": "Load older updates",
  "updates.loading": "Loading…",
  "updates.new": { one: "{count} new update", other: "{count} new updates" },
  "updates.olderFailed": "Older updates could not be loaded. Try again in a moment.",
  "updates.linkRemoved": "The update this link points to has been removed.",
  "updates.linkFailed": "The update this link points to could not be loaded.",
  "announce.newEntry": "New update: {title}",

  // One entry
  "entry.pinned": "Pinned",
  "entry.keyEvent": "Key event",
  "entry.linkTitle": "Link to this update",
  "entry.byline": "By {names}",
  "entry.edited": "updated {time}",
  "entry.seeAll": "See all updates of this live blog",

  // Sharing an entry
  "share.button": "Share",
  "share.label": "Share this update",
  "share.copyLink": "Copy link",
  "share.copied": "Link copied.",
  "share.copyFailed": "The link could not be copied; select it above and copy it.",
  "share.on": "Share on {network}",
  "share.email": "Send by e-mail",
  "share.close": "Close",

  // Since the reader's last visit
  "since.marker": {
    one: "New since your last visit ({count})",
    other: "New since your last visit ({count})",
  },
  "since.keyEvents": "Key events since your last visit",
  "since.dismiss": "Dismiss",

  // Notifications of key events
  "notify.button": "Notify me of key events",
  "notify.stop": "Stop notifications",
  "notify.on": "You will be notified of key events while this page is open.",
  "notify.denied": "Notifications are blocked for this site; allow them in the browser's settings.",
  "notify.unsupported": "This browser cannot show notifications.",
  "notify.title": "Key event: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Numbers",
  "numbers.readersNow": "Readers now",
  "numbers.peak": "Peak",
  "numbers.peakValue": { one: "{count} reader, {time}", other: "{count} readers, {time}" },
  "numbers.noReaders": "No readers yet.",
  "numbers.devices": "Distinct devices",
  "numbers.devicesHint": "An estimate, within about 1 %; no device is identified.",
  "numbers.reactions": "Reactions",
  "numbers.polls": "Polls",
  "numbers.noPolls": "No polls yet.",
  "numbers.pollOpen": "open",
  "numbers.pollClosed": "closed",
  "numbers.topEntries": "Most reactions",
  "numbers.noReactions": "No reactions yet.",
  "numbers.noHeadline": "Entry without a headline",
  "numbers.entryReactions": { one: "{count} reaction", other: "{count} reactions" },
  "numbers.chartTitle": "Readers per minute",
  "numbers.chartSummary": "From {start} to {end}: at most {max} at once, {now} now.",
  "numbers.chartBars": {
    one: "Each bar is one minute.",
    other: "Each bar is the busiest minute of {count} minutes.",
  },
  "numbers.chartEmpty": "No readers counted yet.",
  "numbers.chartTable": "Readers per minute as a table",
  "numbers.minute": "Minute",
  "numbers.readers": "Readers",
  "numbers.download": "Download readers per minute (CSV)",
  "numbers.loading": "Loading…",

  // Pictures and embedded posts
  "picture.label": "Picture",
  "picture.labelAlt": "Picture: {alt}",
  "picture.close": "Close picture",
  "embed.load": "Load {provider} {noun}",
  "embed.notice":
    "Loading this {provider} {noun} shows content from {source}, which may set cookies and collect data about you.",
  "embed.always": "Always allow {provider}",
  "embed.stopAlways": "Stop loading {provider} automatically",
  "embed.notShown": "Content from {source} is not shown on this site. The link above opens it.",
  "embed.notShownUnknown": "This content is not shown on this site. The link above opens it.",
  "embed.noun.video": "video",
  "embed.noun.post": "post",
  "embed.noun.track": "track",
  "embed.noun.playlist": "playlist",
  "embed.noun.album": "album",
  "embed.noun.episode": "episode",
  "embed.noun.podcast": "podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} vote", other: "{count} votes" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "your vote",
  "poll.closed": "Poll closed",
  "poll.closes": "Closes {time}",
  "poll.noCookies": "Votes are counted once per browser, without cookies.",
  "poll.thanks": "Thank you: your vote is counted.",
  "poll.alreadyVoted": "You had already voted in this poll.",
  "poll.closedRefused": "This poll has closed: your vote was not counted.",
  "poll.gone": "This poll has changed: your vote was not counted.",
  "poll.rateLimited": "Too many votes from your connection: try again in a minute.",
  "poll.failed": "Your vote could not be sent. Check your connection and try again.",
  "reactions.label": "Reactions",
  "reactions.rateLimited": "Too many reactions from your connection: try again in a minute.",
  "reactions.failed": "Your reaction could not be sent. Check your connection and try again.",
  "reaction.like": "Like",
  "reaction.love": "Love",
  "reaction.wow": "Surprised",
  "reaction.sad": "Sad",
  "reaction.clap": "Applause",
} as const;
