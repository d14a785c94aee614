/** The fr catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const fr: Catalog = {
  // The page around the reader
  "page.skipToContent": "Aller au contenu",
  "page.titleLive": "{title} (en direct)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "En direct : {title}",

  // The blog's header
  "blog.live": "En direct",
  "blog.ended": "Terminé",
  "blog.removed": "Supprimé",
  "blog.updated": "Mise à jour : {time}",
  "blog.atomFeed": "Flux Atom",
  "blog.removedText": "Ce direct a été supprimé.",
  "blog.missingText": "Ce direct n’existe pas.",
  "connection.connecting": "Connexion…",
  "connection.live": "Connecté",
  "connection.reconnecting": "Reconnexion…",
  "connection.offline": "Hors ligne",
  "readers.count": {
    one: "{count} lecteur",
    many: "{count} de lecteurs",
    other: "{count} lecteurs",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Les temps forts",
  "keyEvents.empty": "Aucun temps fort pour l’instant.",
  "pinned.title": "Épinglé",
  "updates.title": "Dernières publications",
  "updates.filterLabel": "Filtrer les publications",
  "updates.all": "Toutes les publications",
  "updates.keyEventsOnly": "Temps forts uniquement",
  "updates.backToLatest": "Revenir aux dernières publications",
  "updates.empty": "Aucune publication pour l’instant.",
  "updates.loadOlder": "Charger les publications précédentes",
  "updates.loading": "Chargement…",
  "updates.new": {
    one: "{count} nouvelle publication",
    many: "{count} de nouvelles publications",
    other: "{count} nouvelles publications",
  },
  "updates.olderFailed":
    "Les publications précédentes n’ont pas pu être chargées. Réessayez dans un instant.",
  "updates.linkRemoved": "La publication vers laquelle pointe ce lien a été supprimée.",
  "updates.linkFailed": "La publication vers laquelle pointe ce lien n’a pas pu être chargée.",
  "announce.newEntry": "Nouvelle publication : {title}",

  // One entry
  "entry.pinned": "Épinglé",
  "entry.keyEvent": "Temps fort",
  "entry.linkTitle": "Lien vers cette publication",
  "entry.byline": "Par {names}",
  "entry.edited": "mis à jour à {time}",
  "entry.seeAll": "Voir toutes les publications de ce direct",

  // Sharing an entry
  "share.button": "Partager",
  "share.label": "Partager cette publication",
  "share.copyLink": "Copier le lien",
  "share.copied": "Lien copié.",
  "share.copyFailed": "Le lien n’a pas pu être copié. Sélectionnez-le ci-dessus et copiez-le.",
  "share.on": "Partager sur {network}",
  "share.email": "Envoyer par e-mail",
  "share.close": "Fermer",

  // Since the reader's last visit
  "since.marker": {
    one: "Nouveau depuis votre dernière visite ({count})",
    many: "Nouveau depuis votre dernière visite ({count})",
    other: "Nouveau depuis votre dernière visite ({count})",
  },
  "since.keyEvents": "Les temps forts depuis votre dernière visite",
  "since.dismiss": "Masquer",

  // Notifications of key events
  "notify.button": "M’avertir des temps forts",
  "notify.stop": "Arrêter les notifications",
  "notify.on":
    "Vous recevrez une notification à chaque temps fort tant que cette page restera ouverte.",
  "notify.denied":
    "Les notifications sont bloquées pour ce site. Autorisez-les dans les paramètres du navigateur.",
  "notify.unsupported": "Ce navigateur ne peut pas afficher de notifications.",
  "notify.title": "Temps fort : {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Chiffres",
  "numbers.readersNow": "Lecteurs en ce moment",
  "numbers.peak": "Pic",
  "numbers.peakValue": {
    one: "{count} lecteur, {time}",
    many: "{count} de lecteurs, {time}",
    other: "{count} lecteurs, {time}",
  },
  "numbers.noReaders": "Pas encore de lecteurs.",
  "numbers.devices": "Appareils distincts",
  "numbers.devicesHint": "Une estimation, à environ 1 % près ; aucun appareil n’est identifié.",
  "numbers.reactions": "Réactions",
  "numbers.polls": "Sondages",
  "numbers.noPolls": "Pas encore de sondage.",
  "numbers.pollOpen": "ouvert",
  "numbers.pollClosed": "clos",
  "numbers.topEntries": "Le plus de réactions",
  "numbers.noReactions": "Pas encore de réactions.",
  "numbers.noHeadline": "Publication sans titre",
  "numbers.entryReactions": {
    one: "{count} réaction",
    many: "{count} de réactions",
    other: "{count} réactions",
  },
  "numbers.chartTitle": "Lecteurs par minute",
  "numbers.chartSummary": "De {start} à {end} : au plus {max} en même temps, {now} en ce moment.",
  "numbers.chartBars": {
    one: "Chaque barre représente une minute.",
    many: "Chaque barre représente la minute la plus lue sur {count} de minutes.",
    other: "Chaque barre représente la minute la plus lue sur {count} minutes.",
  },
  "numbers.chartEmpty": "Aucun lecteur compté pour l’instant.",
  "numbers.chartTable": "Lecteurs par minute sous forme de tableau",
  "numbers.minute": "Minute",
  "numbers.readers": "Lecteurs",
  "numbers.download": "Télécharger les lecteurs par minute (CSV)",
  "numbers.loading": "Chargement…",

  // Pictures and embedded posts
  "picture.label": "Image",
  "picture.labelAlt": "Image : {alt}",
  "picture.close": "Fermer l’image",
  "embed.load": "Charger {noun} {provider}",
  "embed.notice":
    "En chargeant {noun} {provider}, vous afficherez du contenu provenant de {source}, qui peut déposer des cookies et collecter des données vous concernant.",
  "embed.always": "Toujours autoriser {provider}",
  "embed.stopAlways": "Ne plus charger {provider} automatiquement",
  "embed.notShown":
    "Les contenus de {source} ne sont pas affichés sur ce site. Le lien ci-dessus permet de les ouvrir.",
  "embed.notShownUnknown":
    "Ce contenu n’est pas affiché sur ce site. Le lien ci-dessus permet de l’ouvrir.",
  "embed.noun.video": "la vidéo",
  "embed.noun.post": "la publication",
  "embed.noun.track": "le titre",
  "embed.noun.playlist": "la playlist",
  "embed.noun.album": "l’album",
  "embed.noun.episode": "l’épisode",
  "embed.noun.podcast": "le podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} vote", many: "{count} de votes", other: "{count} votes" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "votre vote",
  "poll.closed": "Sondage clos",
  "poll.closes": "Se termine le {time}",
  "poll.noCookies": "Les votes sont comptés une fois par navigateur, sans cookies.",
  "poll.thanks": "Merci : votre vote est compté.",
  "poll.alreadyVoted": "Vous aviez déjà voté à ce sondage.",
  "poll.closedRefused": "Ce sondage est clos : votre vote n’a pas été compté.",
  "poll.gone": "Ce sondage a changé : votre vote n’a pas été compté.",
  "poll.rateLimited": "Trop de votes depuis votre connexion. Réessayez dans une minute.",
  "poll.failed": "Votre vote n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.",
  "reactions.label": "Réactions",
  "reactions.rateLimited": "Trop de réactions depuis votre connexion. Réessayez dans une minute.",
  "reactions.failed":
    "Votre réaction n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.",
  "reaction.like": "J’aime",
  "reaction.love": "J’adore",
  "reaction.wow": "Surpris",
  "reaction.sad": "Triste",
  "reaction.clap": "Bravo",
};
