/** The nl catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const nl: Catalog = {
  // The page around the reader
  "page.skipToContent": "Naar de inhoud",
  "page.titleLive": "{title} (live)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Liveblog: {title}",

  // The blog's header
  "blog.live": "Live",
  "blog.ended": "Afgelopen",
  "blog.removed": "Verwijderd",
  "blog.updated": "Bijgewerkt: {time}",
  "blog.atomFeed": "Atom-feed",
  "blog.removedText": "Dit liveblog is verwijderd.",
  "blog.missingText": "Dit liveblog bestaat niet.",
  "connection.connecting": "Verbinden…",
  "connection.live": "Verbonden",
  "connection.reconnecting": "Opnieuw verbinden…",
  "connection.offline": "Offline",
  "readers.count": { one: "{count} leest mee", other: "{count} lezen mee" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Belangrijkste momenten",
  "keyEvents.empty": "Nog geen belangrijke momenten.",
  "pinned.title": "Vastgezet",
  "updates.title": "Laatste updates",
  "updates.filterLabel": "Updates filteren",
  "updates.all": "Alle updates",
  "updates.keyEventsOnly": "Alleen belangrijke momenten",
  "updates.backToLatest": "Terug naar de laatste updates",
  "updates.empty": "Nog geen updates.",
  "updates.loadOlder": "Oudere updates laden",
  "updates.loading": "Laden…",
  "updates.new": { one: "{count} nieuwe update", other: "{count} nieuwe updates" },
  "updates.olderFailed": "Oudere updates konden niet worden geladen. Probeer het zo opnieuw.",
  "updates.linkRemoved": "De update waarnaar deze link verwijst, is verwijderd.",
  "updates.linkFailed": "De update waarnaar deze link verwijst, kon niet worden geladen.",
  "announce.newEntry": "Nieuwe update: {title}",

  // One entry
  "entry.pinned": "Vastgezet",
  "entry.keyEvent": "Belangrijk moment",
  "entry.linkTitle": "Link naar deze update",
  "entry.byline": "Door {names}",
  "entry.edited": "bijgewerkt om {time}",
  "entry.seeAll": "Alle updates van dit liveblog bekijken",

  // Sharing an entry
  "share.button": "Delen",
  "share.label": "Deze update delen",
  "share.copyLink": "Link kopiëren",
  "share.copied": "Link gekopieerd.",
  "share.copyFailed": "De link kon niet worden gekopieerd. Selecteer hem hierboven en kopieer hem.",
  "share.on": "Delen via {network}",
  "share.email": "Versturen per e-mail",
  "share.close": "Sluiten",

  // Since the reader's last visit
  "since.marker": {
    one: "Nieuw sinds je vorige bezoek ({count})",
    other: "Nieuw sinds je vorige bezoek ({count})",
  },
  "since.keyEvents": "Belangrijke momenten sinds je vorige bezoek",
  "since.dismiss": "Verbergen",

  // Notifications of key events
  "notify.button": "Meldingen aanzetten voor belangrijke momenten",
  "notify.stop": "Meldingen uitzetten",
  "notify.on": "Je krijgt een melding bij belangrijke momenten zolang deze pagina openstaat.",
  "notify.denied":
    "Meldingen zijn geblokkeerd voor deze site. Sta ze toe in de instellingen van je browser.",
  "notify.unsupported": "Deze browser kan geen meldingen tonen.",
  "notify.title": "Belangrijk moment: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Cijfers",
  "numbers.readersNow": "Lezers nu",
  "numbers.peak": "Piek",
  "numbers.peakValue": { one: "{count} lezer, {time}", other: "{count} lezers, {time}" },
  "numbers.noReaders": "Nog geen lezers.",
  "numbers.devices": "Verschillende apparaten",
  "numbers.devicesHint": "Een schatting, tot op ongeveer 1 %; geen apparaat wordt geïdentificeerd.",
  "numbers.reactions": "Reacties",
  "numbers.polls": "Peilingen",
  "numbers.noPolls": "Nog geen peilingen.",
  "numbers.pollOpen": "open",
  "numbers.pollClosed": "gesloten",
  "numbers.topEntries": "Meeste reacties",
  "numbers.noReactions": "Nog geen reacties.",
  "numbers.noHeadline": "Bericht zonder kop",
  "numbers.entryReactions": { one: "{count} reactie", other: "{count} reacties" },
  "numbers.chartTitle": "Lezers per minuut",
  "numbers.chartSummary": "Van {start} tot {end}: hoogstens {max} tegelijk, nu {now}.",
  "numbers.chartBars": {
    one: "Elke balk is één minuut.",
    other: "Elke balk is de drukste minuut van {count} minuten.",
  },
  "numbers.chartEmpty": "Nog geen lezers geteld.",
  "numbers.chartTable": "Lezers per minuut als tabel",
  "numbers.minute": "Minuut",
  "numbers.readers": "Lezers",
  "numbers.download": "Lezers per minuut downloaden (CSV)",
  "numbers.loading": "Laden…",

  // Pictures and embedded posts
  "picture.label": "Afbeelding",
  "picture.labelAlt": "Afbeelding: {alt}",
  "picture.close": "Afbeelding sluiten",
  "embed.load": "{provider}-{noun} laden",
  "embed.notice":
    "{provider}-{noun}: bij het laden wordt inhoud van {source} getoond. Daarbij kunnen cookies worden geplaatst en gegevens over je worden verzameld.",
  "embed.always": "{provider} altijd toestaan",
  "embed.stopAlways": "{provider} niet meer automatisch laden",
  "embed.notShown":
    "Inhoud van {source} wordt op deze site niet getoond. Je kunt die openen via de link hierboven.",
  "embed.notShownUnknown":
    "Deze inhoud wordt op deze site niet getoond. Je kunt die openen via de link hierboven.",
  "embed.noun.video": "video",
  "embed.noun.post": "bericht",
  "embed.noun.track": "nummer",
  "embed.noun.playlist": "afspeellijst",
  "embed.noun.album": "album",
  "embed.noun.episode": "aflevering",
  "embed.noun.podcast": "podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} stem", other: "{count} stemmen" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "jouw stem",
  "poll.closed": "Peiling gesloten",
  "poll.closes": "Sluit op {time}",
  "poll.noCookies": "Stemmen worden één keer per browser geteld, zonder cookies.",
  "poll.thanks": "Bedankt: je stem is geteld.",
  "poll.alreadyVoted": "Je had al gestemd in deze peiling.",
  "poll.closedRefused": "Deze peiling is gesloten: je stem is niet geteld.",
  "poll.gone": "Deze peiling is gewijzigd: je stem is niet geteld.",
  "poll.rateLimited": "Te veel stemmen vanaf je verbinding. Probeer het over een minuut opnieuw.",
  "poll.failed":
    "Je stem kon niet worden verstuurd. Controleer je verbinding en probeer het opnieuw.",
  "reactions.label": "Reacties",
  "reactions.rateLimited":
    "Te veel reacties vanaf je verbinding. Probeer het over een minuut opnieuw.",
  "reactions.failed":
    "Je reactie kon niet worden verstuurd. Controleer je verbinding en probeer het opnieuw.",
  "reaction.like": "Vind ik leuk",
  "reaction.love": "Geweldig",
  "reaction.wow": "Verrast",
  "reaction.sad": "Verdrietig",
  "reaction.clap": "Applaus",
};
