/** The pt catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const pt: Catalog = {
  // The page around the reader
  "page.skipToContent": "Ir para o conteúdo",
  "page.titleLive": "{title} (ao vivo)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Ao vivo: {title}",

  // The blog's header
  "blog.live": "Ao vivo",
  "blog.ended": "Encerrado",
  "blog.removed": "Removido",
  "blog.updated": "Última atualização: {time}",
  "blog.atomFeed": "Feed Atom",
  "blog.removedText": "Esta cobertura ao vivo foi removida.",
  "blog.missingText": "Esta cobertura ao vivo não existe.",
  "connection.connecting": "Conectando…",
  "connection.live": "Conectado",
  "connection.reconnecting": "Reconectando…",
  "connection.offline": "Sem conexão",
  "readers.count": {
    one: "{count} leitor",
    many: "{count} de leitores",
    other: "{count} leitores",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Momentos-chave",
  "keyEvents.empty": "Ainda não há momentos-chave.",
  "pinned.title": "Fixado",
  "updates.title": "Últimas atualizações",
  "updates.filterLabel": "Filtrar atualizações",
  "updates.all": "Todas as atualizações",
  "updates.keyEventsOnly": "Apenas momentos-chave",
  "updates.backToLatest": "Voltar às últimas atualizações",
  "updates.empty": "Ainda não há atualizações.",
  "updates.loadOlder": "Carregar atualizações anteriores",
  "updates.loading": "Carregando…",
  "updates.new": {
    one: "{count} nova atualização",
    many: "{count} de novas atualizações",
    other: "{count} novas atualizações",
  },
  "updates.olderFailed":
    "Não foi possível carregar as atualizações anteriores. Tente novamente em instantes.",
  "updates.linkRemoved": "A atualização para a qual este link aponta foi removida.",
  "updates.linkFailed": "Não foi possível carregar a atualização para a qual este link aponta.",
  "announce.newEntry": "Nova atualização: {title}",

  // One entry
  "entry.pinned": "Fixado",
  "entry.keyEvent": "Momento-chave",
  "entry.linkTitle": "Link para esta atualização",
  "entry.byline": "Por {names}",
  "entry.edited": "atualizado às {time}",
  "entry.seeAll": "Ver todas as atualizações desta cobertura ao vivo",

  // Sharing an entry
  "share.button": "Compartilhar",
  "share.label": "Compartilhar esta atualização",
  "share.copyLink": "Copiar link",
  "share.copied": "Link copiado.",
  "share.copyFailed": "Não foi possível copiar o link. Selecione-o acima e copie-o.",
  "share.on": "Compartilhar no {network}",
  "share.email": "Enviar por e-mail",
  "share.close": "Fechar",

  // Since the reader's last visit
  "since.marker": {
    one: "Novidades desde a sua última visita ({count})",
    many: "Novidades desde a sua última visita ({count})",
    other: "Novidades desde a sua última visita ({count})",
  },
  "since.keyEvents": "Momentos-chave desde a sua última visita",
  "since.dismiss": "Ocultar",

  // Notifications of key events
  "notify.button": "Receber alertas de momentos-chave",
  "notify.stop": "Desativar alertas",
  "notify.on": "Você receberá um alerta a cada momento-chave enquanto esta página estiver aberta.",
  "notify.denied":
    "As notificações estão bloqueadas para este site. Permita-as nas configurações do navegador.",
  "notify.unsupported": "Este navegador não pode exibir notificações.",
  "notify.title": "Momento-chave: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Números",
  "numbers.readersNow": "Leitores agora",
  "numbers.peak": "Pico",
  "numbers.peakValue": {
    one: "{count} leitor, {time}",
    many: "{count} de leitores, {time}",
    other: "{count} leitores, {time}",
  },
  "numbers.noReaders": "Ainda sem leitores.",
  "numbers.devices": "Dispositivos distintos",
  "numbers.devicesHint":
    "Uma estimativa, com margem de cerca de 1 %; nenhum dispositivo é identificado.",
  "numbers.reactions": "Reações",
  "numbers.polls": "Sondagens",
  "numbers.noPolls": "Ainda sem sondagens.",
  "numbers.pollOpen": "aberta",
  "numbers.pollClosed": "fechada",
  "numbers.topEntries": "Mais reações",
  "numbers.noReactions": "Ainda sem reações.",
  "numbers.noHeadline": "Atualização sem título",
  "numbers.entryReactions": {
    one: "{count} reação",
    many: "{count} de reações",
    other: "{count} reações",
  },
  "numbers.chartTitle": "Leitores por minuto",
  "numbers.chartSummary": "De {start} a {end}: no máximo {max} em simultâneo, {now} agora.",
  "numbers.chartBars": {
    one: "Cada barra é um minuto.",
    many: "Cada barra é o minuto com mais leitores de {count} de minutos.",
    other: "Cada barra é o minuto com mais leitores de {count} minutos.",
  },
  "numbers.chartEmpty": "Ainda não foram contados leitores.",
  "numbers.chartTable": "Leitores por minuto em tabela",
  "numbers.minute": "Minuto",
  "numbers.readers": "Leitores",
  "numbers.download": "Descarregar leitores por minuto (CSV)",
  "numbers.loading": "A carregar…",

  // Pictures and embedded posts
  "picture.label": "Imagem",
  "picture.labelAlt": "Imagem: {alt}",
  "picture.close": "Fechar imagem",
  "embed.load": "Carregar {noun} do {provider}",
  "embed.notice":
    "Ao carregar {noun} do {provider}, será exibido conteúdo de {source}, que pode definir cookies e coletar dados sobre você.",
  "embed.always": "Sempre permitir {provider}",
  "embed.stopAlways": "Parar de carregar {provider} automaticamente",
  "embed.notShown":
    "O conteúdo de {source} não é exibido neste site. Use o link acima para abri-lo.",
  "embed.notShownUnknown": "Este conteúdo não é exibido neste site. Use o link acima para abri-lo.",
  "embed.noun.video": "o vídeo",
  "embed.noun.post": "a publicação",
  "embed.noun.track": "a faixa",
  "embed.noun.playlist": "a playlist",
  "embed.noun.album": "o álbum",
  "embed.noun.episode": "o episódio",
  "embed.noun.podcast": "o podcast",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} voto", many: "{count} de votos", other: "{count} votos" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "seu voto",
  "poll.closed": "Enquete encerrada",
  "poll.closes": "Encerra em {time}",
  "poll.noCookies": "Os votos são contados uma vez por navegador, sem cookies.",
  "poll.thanks": "Obrigado: seu voto foi contado.",
  "poll.alreadyVoted": "Você já tinha votado nesta enquete.",
  "poll.closedRefused": "Esta enquete foi encerrada: seu voto não foi contado.",
  "poll.gone": "Esta enquete mudou: seu voto não foi contado.",
  "poll.rateLimited": "Votos demais a partir da sua conexão. Tente novamente em um minuto.",
  "poll.failed": "Não foi possível enviar seu voto. Verifique sua conexão e tente novamente.",
  "reactions.label": "Reações",
  "reactions.rateLimited": "Reações demais a partir da sua conexão. Tente novamente em um minuto.",
  "reactions.failed":
    "Não foi possível enviar sua reação. Verifique sua conexão e tente novamente.",
  "reaction.like": "Curtir",
  "reaction.love": "Amei",
  "reaction.wow": "Uau",
  "reaction.sad": "Triste",
  "reaction.clap": "Aplausos",
};
