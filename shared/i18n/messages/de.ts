/** The de catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const de: Catalog = {
  // The page around the reader
  "page.skipToContent": "Zum Inhalt springen",
  "page.titleLive": "{title} (live)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Liveblog: {title}",

  // The blog's header
  "blog.live": "Live",
  "blog.ended": "Beendet",
  "blog.removed": "Entfernt",
  "blog.updated": "Aktualisiert: {time}",
  "blog.atomFeed": "Atom-Feed",
  "blog.removedText": "Dieser Liveblog wurde entfernt.",
  "blog.missingText": "Diesen Liveblog gibt es nicht.",
  "connection.connecting": "Verbindung wird hergestellt…",
  "connection.live": "Verbunden",
  "connection.reconnecting": "Verbindung wird wiederhergestellt…",
  "connection.offline": "Offline",
  "readers.count": { one: "{count} liest mit", other: "{count} lesen mit" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Wichtige Ereignisse",
  "keyEvents.empty": "Noch keine wichtigen Ereignisse.",
  "pinned.title": "Angeheftet",
  "updates.title": "Neueste Updates",
  "updates.filterLabel": "Updates filtern",
  "updates.all": "Alle Updates",
  "updates.keyEventsOnly": "Nur wichtige Ereignisse",
  "updates.backToLatest": "Zurück zu den neuesten Updates",
  "updates.empty": "Noch keine Updates.",
  "updates.loadOlder": "Ältere Updates laden",
  "updates.loading": "Wird geladen…",
  "updates.new": { one: "{count} neues Update", other: "{count} neue Updates" },
  "updates.olderFailed":
    "Ältere Updates konnten nicht geladen werden. Bitte versuchen Sie es gleich noch einmal.",
  "updates.linkRemoved": "Das Update, auf das dieser Link verweist, wurde entfernt.",
  "updates.linkFailed": "Das Update, auf das dieser Link verweist, konnte nicht geladen werden.",
  "announce.newEntry": "Neues Update: {title}",

  // One entry
  "entry.pinned": "Angeheftet",
  "entry.keyEvent": "Wichtiges Ereignis",
  "entry.linkTitle": "Link zu diesem Update",
  "entry.byline": "Von {names}",
  "entry.edited": "aktualisiert um {time} Uhr",
  "entry.seeAll": "Alle Updates dieses Liveblogs ansehen",

  // Sharing an entry
  "share.button": "Teilen",
  "share.label": "Dieses Update teilen",
  "share.copyLink": "Link kopieren",
  "share.copied": "Link kopiert.",
  "share.copyFailed":
    "Der Link konnte nicht kopiert werden. Markieren Sie ihn oben und kopieren Sie ihn.",
  "share.on": "Auf {network} teilen",
  "share.email": "Per E-Mail senden",
  "share.close": "Schließen",

  // Since the reader's last visit
  "since.marker": {
    one: "Neu seit Ihrem letzten Besuch ({count})",
    other: "Neu seit Ihrem letzten Besuch ({count})",
  },
  "since.keyEvents": "Wichtige Ereignisse seit Ihrem letzten Besuch",
  "since.dismiss": "Ausblenden",

  // Notifications of key events
  "notify.button": "Bei wichtigen Ereignissen benachrichtigen",
  "notify.stop": "Benachrichtigungen ausschalten",
  "notify.on":
    "Sie werden über wichtige Ereignisse benachrichtigt, solange diese Seite geöffnet ist.",
  "notify.denied":
    "Benachrichtigungen sind für diese Website blockiert. Sie können sie in den Browser-Einstellungen erlauben.",
  "notify.unsupported": "Dieser Browser kann keine Benachrichtigungen anzeigen.",
  "notify.title": "Wichtiges Ereignis: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Zahlen",
  "numbers.readersNow": "Leser jetzt",
  "numbers.peak": "Höchststand",
  "numbers.peakValue": { one: "{count} Leser, {time}", other: "{count} Leser, {time}" },
  "numbers.noReaders": "Noch keine Leser.",
  "numbers.devices": "Verschiedene Geräte",
  "numbers.devicesHint": "Eine Schätzung, auf etwa 1 % genau; kein Gerät wird identifiziert.",
  "numbers.reactions": "Reaktionen",
  "numbers.polls": "Umfragen",
  "numbers.noPolls": "Noch keine Umfragen.",
  "numbers.pollOpen": "offen",
  "numbers.pollClosed": "geschlossen",
  "numbers.topEntries": "Die meisten Reaktionen",
  "numbers.noReactions": "Noch keine Reaktionen.",
  "numbers.noHeadline": "Eintrag ohne Überschrift",
  "numbers.entryReactions": { one: "{count} Reaktion", other: "{count} Reaktionen" },
  "numbers.chartTitle": "Leser pro Minute",
  "numbers.chartSummary": "Von {start} bis {end}: höchstens {max} gleichzeitig, jetzt {now}.",
  "numbers.chartBars": {
    one: "Jeder Balken ist eine Minute.",
    other: "Jeder Balken ist die stärkste Minute von {count} Minuten.",
  },
  "numbers.chartEmpty": "Noch keine Leser gezählt.",
  "numbers.chartTable": "Leser pro Minute als Tabelle",
  "numbers.minute": "Minute",
  "numbers.readers": "Leser",
  "numbers.download": "Leser pro Minute herunterladen (CSV)",
  "numbers.loading": "Wird geladen …",

  // Pictures and embedded posts
  "picture.label": "Bild",
  "picture.labelAlt": "Bild: {alt}",
  "picture.close": "Bild schließen",
  "embed.load": "{provider}-{noun} laden",
  "embed.notice":
    "{provider}-{noun}: Beim Laden werden Inhalte von {source} angezeigt. Dabei können Cookies gesetzt und Daten über Sie erhoben werden.",
  "embed.always": "{provider} immer erlauben",
  "embed.stopAlways": "{provider} nicht mehr automatisch laden",
  "embed.notShown":
    "Inhalte von {source} werden auf dieser Website nicht angezeigt. Sie lassen sich über den Link oben öffnen.",
  "embed.notShownUnknown":
    "Dieser Inhalt wird auf dieser Website nicht angezeigt. Er lässt sich über den Link oben öffnen.",
  "embed.noun.video": "Video",
  "embed.noun.post": "Beitrag",
  "embed.noun.track": "Titel",
  "embed.noun.playlist": "Playlist",
  "embed.noun.album": "Album",
  "embed.noun.episode": "Episode",
  "embed.noun.podcast": "Podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} Stimme", other: "{count} Stimmen" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "Ihre Stimme",
  "poll.closed": "Abstimmung beendet",
  "poll.closes": "Endet am {time}",
  "poll.noCookies": "Stimmen werden einmal pro Browser gezählt, ohne Cookies.",
  "poll.thanks": "Danke: Ihre Stimme wurde gezählt.",
  "poll.alreadyVoted": "Sie haben in dieser Abstimmung bereits abgestimmt.",
  "poll.closedRefused": "Diese Abstimmung ist beendet: Ihre Stimme wurde nicht gezählt.",
  "poll.gone": "Diese Abstimmung wurde geändert: Ihre Stimme wurde nicht gezählt.",
  "poll.rateLimited":
    "Zu viele Stimmen von Ihrer Verbindung. Bitte versuchen Sie es in einer Minute erneut.",
  "poll.failed":
    "Ihre Stimme konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "reactions.label": "Reaktionen",
  "reactions.rateLimited":
    "Zu viele Reaktionen von Ihrer Verbindung. Bitte versuchen Sie es in einer Minute erneut.",
  "reactions.failed":
    "Ihre Reaktion konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "reaction.like": "Gefällt mir",
  "reaction.love": "Liebe",
  "reaction.wow": "Überrascht",
  "reaction.sad": "Traurig",
  "reaction.clap": "Applaus",
};
