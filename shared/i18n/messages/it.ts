/** The it catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const it: Catalog = {
  // The page around the reader
  "page.skipToContent": "Vai al contenuto",
  "page.titleLive": "{title} (in diretta)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Aggiornamenti in diretta: {title}",

  // The blog's header
  "blog.live": "In diretta",
  "blog.ended": "Conclusa",
  "blog.removed": "Rimossa",
  "blog.updated": "Ultimo aggiornamento: {time}",
  "blog.atomFeed": "Feed Atom",
  "blog.removedText": "Questa diretta è stata rimossa.",
  "blog.missingText": "Questa diretta non esiste.",
  "connection.connecting": "Connessione in corso…",
  "connection.live": "Connesso",
  "connection.reconnecting": "Riconnessione in corso…",
  "connection.offline": "Offline",
  "readers.count": {
    one: "{count} lettore",
    many: "{count} di lettori",
    other: "{count} lettori",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Momenti chiave",
  "keyEvents.empty": "Ancora nessun momento chiave.",
  "pinned.title": "In evidenza",
  "updates.title": "Ultimi aggiornamenti",
  "updates.filterLabel": "Filtra gli aggiornamenti",
  "updates.all": "Tutti gli aggiornamenti",
  "updates.keyEventsOnly": "Solo momenti chiave",
  "updates.backToLatest": "Torna agli ultimi aggiornamenti",
  "updates.empty": "Ancora nessun aggiornamento.",
  "updates.loadOlder": "Carica gli aggiornamenti precedenti",
  "updates.loading": "Caricamento…",
  "updates.new": {
    one: "{count} nuovo aggiornamento",
    many: "{count} di nuovi aggiornamenti",
    other: "{count} nuovi aggiornamenti",
  },
  "updates.olderFailed":
    "Non è stato possibile caricare gli aggiornamenti precedenti. Riprova tra poco.",
  "updates.linkRemoved": "L’aggiornamento a cui rimanda questo link è stato rimosso.",
  "updates.linkFailed": "Non è stato possibile caricare l’aggiornamento a cui rimanda questo link.",
  "announce.newEntry": "Nuovo aggiornamento: {title}",

  // One entry
  "entry.pinned": "In evidenza",
  "entry.keyEvent": "Momento chiave",
  "entry.linkTitle": "Link a questo aggiornamento",
  "entry.byline": "Di {names}",
  "entry.edited": "aggiornato alle {time}",
  "entry.seeAll": "Vedi tutti gli aggiornamenti di questa diretta",

  // Sharing an entry
  "share.button": "Condividi",
  "share.label": "Condividi questo aggiornamento",
  "share.copyLink": "Copia link",
  "share.copied": "Link copiato.",
  "share.copyFailed": "Non è stato possibile copiare il link. Selezionalo qui sopra e copialo.",
  "share.on": "Condividi su {network}",
  "share.email": "Invia per email",
  "share.close": "Chiudi",

  // Since the reader's last visit
  "since.marker": {
    one: "Novità dalla tua ultima visita ({count})",
    many: "Novità dalla tua ultima visita ({count})",
    other: "Novità dalla tua ultima visita ({count})",
  },
  "since.keyEvents": "Momenti chiave dalla tua ultima visita",
  "since.dismiss": "Nascondi",

  // Notifications of key events
  "notify.button": "Avvisami dei momenti chiave",
  "notify.stop": "Disattiva le notifiche",
  "notify.on": "Riceverai una notifica a ogni momento chiave finché questa pagina resterà aperta.",
  "notify.denied":
    "Le notifiche sono bloccate per questo sito. Consentile nelle impostazioni del browser.",
  "notify.unsupported": "Questo browser non può mostrare notifiche.",
  "notify.title": "Momento chiave: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Numeri",
  "numbers.readersNow": "Lettori ora",
  "numbers.peak": "Picco",
  "numbers.peakValue": {
    one: "{count} lettore, {time}",
    many: "{count} di lettori, {time}",
    other: "{count} lettori, {time}",
  },
  "numbers.noReaders": "Ancora nessun lettore.",
  "numbers.devices": "Dispositivi distinti",
  "numbers.devicesHint":
    "Una stima, con un margine di circa l’1 %; nessun dispositivo viene identificato.",
  "numbers.reactions": "Reazioni",
  "numbers.polls": "Sondaggi",
  "numbers.noPolls": "Ancora nessun sondaggio.",
  "numbers.pollOpen": "aperto",
  "numbers.pollClosed": "chiuso",
  "numbers.topEntries": "Più reazioni",
  "numbers.noReactions": "Ancora nessuna reazione.",
  "numbers.noHeadline": "Aggiornamento senza titolo",
  "numbers.entryReactions": {
    one: "{count} reazione",
    many: "{count} di reazioni",
    other: "{count} reazioni",
  },
  "numbers.chartTitle": "Lettori al minuto",
  "numbers.chartSummary": "Da {start} a {end}: al massimo {max} insieme, {now} ora.",
  "numbers.chartBars": {
    one: "Ogni barra è un minuto.",
    many: "Ogni barra è il minuto più letto di {count} di minuti.",
    other: "Ogni barra è il minuto più letto di {count} minuti.",
  },
  "numbers.chartEmpty": "Ancora nessun lettore contato.",
  "numbers.chartTable": "Lettori al minuto in tabella",
  "numbers.minute": "Minuto",
  "numbers.readers": "Lettori",
  "numbers.download": "Scarica i lettori al minuto (CSV)",
  "numbers.loading": "Caricamento…",

  // Pictures and embedded posts
  "picture.label": "Immagine",
  "picture.labelAlt": "Immagine: {alt}",
  "picture.close": "Chiudi l’immagine",
  "embed.load": "Carica {noun} di {provider}",
  "embed.notice":
    "Caricando {noun} di {provider} verranno mostrati contenuti di {source}, che può impostare cookie e raccogliere dati su di te.",
  "embed.always": "Consenti sempre {provider}",
  "embed.stopAlways": "Non caricare più {provider} automaticamente",
  "embed.notShown":
    "I contenuti di {source} non vengono mostrati su questo sito. Puoi aprirli dal link qui sopra.",
  "embed.notShownUnknown":
    "Questo contenuto non viene mostrato su questo sito. Puoi aprirlo dal link qui sopra.",
  "embed.noun.video": "il video",
  "embed.noun.post": "il post",
  "embed.noun.track": "il brano",
  "embed.noun.playlist": "la playlist",
  "embed.noun.album": "l’album",
  "embed.noun.episode": "l’episodio",
  "embed.noun.podcast": "il podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} voto", many: "{count} di voti", other: "{count} voti" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "il tuo voto",
  "poll.closed": "Sondaggio chiuso",
  "poll.closes": "Si chiude il {time}",
  "poll.noCookies": "I voti sono contati una volta per browser, senza cookie.",
  "poll.thanks": "Grazie: il tuo voto è stato contato.",
  "poll.alreadyVoted": "Avevi già votato in questo sondaggio.",
  "poll.closedRefused": "Questo sondaggio è chiuso: il tuo voto non è stato contato.",
  "poll.gone": "Questo sondaggio è cambiato: il tuo voto non è stato contato.",
  "poll.rateLimited": "Troppi voti dalla tua connessione. Riprova tra un minuto.",
  "poll.failed": "Non è stato possibile inviare il tuo voto. Controlla la connessione e riprova.",
  "reactions.label": "Reazioni",
  "reactions.rateLimited": "Troppe reazioni dalla tua connessione. Riprova tra un minuto.",
  "reactions.failed":
    "Non è stato possibile inviare la tua reazione. Controlla la connessione e riprova.",
  "reaction.like": "Mi piace",
  "reaction.love": "Lo adoro",
  "reaction.wow": "Sorpreso",
  "reaction.sad": "Triste",
  "reaction.clap": "Applausi",
};
