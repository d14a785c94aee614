/** The es catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const es: Catalog = {
  // The page around the reader
  "page.skipToContent": "Saltar al contenido",
  "page.titleLive": "{title} (en directo)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "En directo: {title}",

  // The blog's header
  "blog.live": "En directo",
  "blog.ended": "Finalizado",
  "blog.removed": "Eliminado",
  "blog.updated": "Última actualización: {time}",
  "blog.atomFeed": "Canal Atom",
  "blog.removedText": "Este directo se ha eliminado.",
  "blog.missingText": "Este directo no existe.",
  "connection.connecting": "Conectando…",
  "connection.live": "Conectado",
  "connection.reconnecting": "Reconectando…",
  "connection.offline": "Sin conexión",
  "readers.count": {
    one: "{count} lector",
    many: "{count} de lectores",
    other: "{count} lectores",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Lo más destacado",
  "keyEvents.empty": "Aún no hay momentos clave.",
  "pinned.title": "Fijado",
  "updates.title": "Últimas actualizaciones",
  "updates.filterLabel": "Filtrar actualizaciones",
  "updates.all": "Todas las actualizaciones",
  "updates.keyEventsOnly": "Solo momentos clave",
  "updates.backToLatest": "Volver a las últimas actualizaciones",
  "updates.empty": "Aún no hay actualizaciones.",
  "updates.loadOlder": "Cargar actualizaciones anteriores",
  "updates.loading": "Cargando…",
  "updates.new": {
    one: "{count} actualización nueva",
    many: "{count} de actualizaciones nuevas",
    other: "{count} actualizaciones nuevas",
  },
  "updates.olderFailed":
    "No se han podido cargar las actualizaciones anteriores. Vuelve a intentarlo en un momento.",
  "updates.linkRemoved": "La actualización a la que lleva este enlace se ha eliminado.",
  "updates.linkFailed": "No se ha podido cargar la actualización a la que lleva este enlace.",
  "announce.newEntry": "Nueva actualización: {title}",

  // One entry
  "entry.pinned": "Fijado",
  "entry.keyEvent": "Momento clave",
  "entry.linkTitle": "Enlace a esta actualización",
  "entry.byline": "Por {names}",
  "entry.edited": "actualizado a las {time}",
  "entry.seeAll": "Ver todas las actualizaciones de este directo",

  // Sharing an entry
  "share.button": "Compartir",
  "share.label": "Compartir esta actualización",
  "share.copyLink": "Copiar enlace",
  "share.copied": "Enlace copiado.",
  "share.copyFailed": "No se ha podido copiar el enlace. Selecciónalo arriba y cópialo.",
  "share.on": "Compartir en {network}",
  "share.email": "Enviar por correo electrónico",
  "share.close": "Cerrar",

  // Since the reader's last visit
  "since.marker": {
    one: "Novedades desde tu última visita ({count})",
    many: "Novedades desde tu última visita ({count})",
    other: "Novedades desde tu última visita ({count})",
  },
  "since.keyEvents": "Momentos clave desde tu última visita",
  "since.dismiss": "Ocultar",

  // Notifications of key events
  "notify.button": "Avisarme de los momentos clave",
  "notify.stop": "Desactivar avisos",
  "notify.on": "Te avisaremos de los momentos clave mientras esta página esté abierta.",
  "notify.denied":
    "Las notificaciones están bloqueadas en este sitio. Permítelas en la configuración del navegador.",
  "notify.unsupported": "Este navegador no puede mostrar notificaciones.",
  "notify.title": "Momento clave: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Cifras",
  "numbers.readersNow": "Lectores ahora",
  "numbers.peak": "Máximo",
  "numbers.peakValue": {
    one: "{count} lector, {time}",
    many: "{count} de lectores, {time}",
    other: "{count} lectores, {time}",
  },
  "numbers.noReaders": "Aún no hay lectores.",
  "numbers.devices": "Dispositivos distintos",
  "numbers.devicesHint":
    "Una estimación, con un margen de un 1 %; no se identifica ningún dispositivo.",
  "numbers.reactions": "Reacciones",
  "numbers.polls": "Encuestas",
  "numbers.noPolls": "Aún no hay encuestas.",
  "numbers.pollOpen": "abierta",
  "numbers.pollClosed": "cerrada",
  "numbers.topEntries": "Más reacciones",
  "numbers.noReactions": "Aún no hay reacciones.",
  "numbers.noHeadline": "Entrada sin titular",
  "numbers.entryReactions": {
    one: "{count} reacción",
    many: "{count} de reacciones",
    other: "{count} reacciones",
  },
  "numbers.chartTitle": "Lectores por minuto",
  "numbers.chartSummary": "De {start} a {end}: como máximo {max} a la vez, {now} ahora.",
  "numbers.chartBars": {
    one: "Cada barra es un minuto.",
    many: "Cada barra es el minuto con más lectores de {count} de minutos.",
    other: "Cada barra es el minuto con más lectores de {count} minutos.",
  },
  "numbers.chartEmpty": "Aún no se ha contado ningún lector.",
  "numbers.chartTable": "Lectores por minuto en una tabla",
  "numbers.minute": "Minuto",
  "numbers.readers": "Lectores",
  "numbers.download": "Descargar lectores por minuto (CSV)",
  "numbers.loading": "Cargando…",

  // Pictures and embedded posts
  "picture.label": "Imagen",
  "picture.labelAlt": "Imagen: {alt}",
  "picture.close": "Cerrar imagen",
  "embed.load": "Cargar {noun} de {provider}",
  "embed.notice":
    "Al cargar {noun} de {provider} se mostrará contenido de {source}, que puede instalar cookies y recopilar datos sobre ti.",
  "embed.always": "Permitir siempre {provider}",
  "embed.stopAlways": "Dejar de cargar {provider} automáticamente",
  "embed.notShown":
    "El contenido de {source} no se muestra en este sitio. Puedes abrirlo con el enlace de arriba.",
  "embed.notShownUnknown":
    "Este contenido no se muestra en este sitio. Puedes abrirlo con el enlace de arriba.",
  "embed.noun.video": "el vídeo",
  "embed.noun.post": "la publicación",
  "embed.noun.track": "la canción",
  "embed.noun.playlist": "la lista de reproducción",
  "embed.noun.album": "el álbum",
  "embed.noun.episode": "el episodio",
  "embed.noun.podcast": "el pódcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} voto", many: "{count} de votos", other: "{count} votos" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "tu voto",
  "poll.closed": "Encuesta cerrada",
  "poll.closes": "Se cierra el {time}",
  "poll.noCookies": "Los votos se cuentan una vez por navegador, sin cookies.",
  "poll.thanks": "Gracias: tu voto se ha contado.",
  "poll.alreadyVoted": "Ya habías votado en esta encuesta.",
  "poll.closedRefused": "Esta encuesta se ha cerrado: tu voto no se ha contado.",
  "poll.gone": "Esta encuesta ha cambiado: tu voto no se ha contado.",
  "poll.rateLimited":
    "Demasiados votos desde tu conexión. Vuelve a intentarlo dentro de un minuto.",
  "poll.failed": "No se ha podido enviar tu voto. Comprueba tu conexión y vuelve a intentarlo.",
  "reactions.label": "Reacciones",
  "reactions.rateLimited":
    "Demasiadas reacciones desde tu conexión. Vuelve a intentarlo dentro de un minuto.",
  "reactions.failed":
    "No se ha podido enviar tu reacción. Comprueba tu conexión y vuelve a intentarlo.",
  "reaction.like": "Me gusta",
  "reaction.love": "Me encanta",
  "reaction.wow": "Me sorprende",
  "reaction.sad": "Me entristece",
  "reaction.clap": "Aplausos",
};
