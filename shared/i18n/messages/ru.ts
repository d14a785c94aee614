/** The ru catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const ru: Catalog = {
  // The page around the reader
  "page.skipToContent": "Перейти к содержимому",
  "page.titleLive": "{title} (онлайн)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Онлайн-трансляция: {title}",

  // The blog's header
  "blog.live": "Онлайн",
  "blog.ended": "Завершена",
  "blog.removed": "Удалена",
  "blog.updated": "Обновлено: {time}",
  "blog.atomFeed": "Лента Atom",
  "blog.removedText": "Эта онлайн-трансляция удалена.",
  "blog.missingText": "Такой онлайн-трансляции не существует.",
  "connection.connecting": "Подключение…",
  "connection.live": "Подключено",
  "connection.reconnecting": "Переподключение…",
  "connection.offline": "Нет соединения",
  "readers.count": {
    one: "{count} читатель",
    few: "{count} читателя",
    many: "{count} читателей",
    other: "{count} читателя",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Главное",
  "keyEvents.empty": "Главных событий пока нет.",
  "pinned.title": "Закреплено",
  "updates.title": "Последние записи",
  "updates.filterLabel": "Фильтр записей",
  "updates.all": "Все записи",
  "updates.keyEventsOnly": "Только главное",
  "updates.backToLatest": "К последним записям",
  "updates.empty": "Записей пока нет.",
  "updates.loadOlder": "Загрузить более ранние записи",
  "updates.loading": "Загрузка…",
  "updates.new": {
    one: "{count} новая запись",
    few: "{count} новые записи",
    many: "{count} новых записей",
    other: "{count} новой записи",
  },
  "updates.olderFailed": "Не удалось загрузить более ранние записи. Попробуйте ещё раз чуть позже.",
  "updates.linkRemoved": "Запись, на которую ведёт эта ссылка, удалена.",
  "updates.linkFailed": "Не удалось загрузить запись, на которую ведёт эта ссылка.",
  "announce.newEntry": "Новая запись: {title}",

  // One entry
  "entry.pinned": "Закреплено",
  "entry.keyEvent": "Главное",
  "entry.linkTitle": "Ссылка на эту запись",
  "entry.byline": "Текст: {names}",
  "entry.edited": "обновлено в {time}",
  "entry.seeAll": "Все записи этой онлайн-трансляции",

  // Sharing an entry
  "share.button": "Поделиться",
  "share.label": "Поделиться этой записью",
  "share.copyLink": "Скопировать ссылку",
  "share.copied": "Ссылка скопирована.",
  "share.copyFailed": "Не удалось скопировать ссылку. Выделите её выше и скопируйте.",
  "share.on": "Поделиться в {network}",
  "share.email": "Отправить по электронной почте",
  "share.close": "Закрыть",

  // Since the reader's last visit
  "since.marker": {
    one: "Новое с вашего прошлого визита ({count})",
    few: "Новое с вашего прошлого визита ({count})",
    many: "Новое с вашего прошлого визита ({count})",
    other: "Новое с вашего прошлого визита ({count})",
  },
  "since.keyEvents": "Главное с вашего прошлого визита",
  "since.dismiss": "Скрыть",

  // Notifications of key events
  "notify.button": "Уведомлять о главном",
  "notify.stop": "Отключить уведомления",
  "notify.on": "Пока эта страница открыта, вы будете получать уведомления о главных событиях.",
  "notify.denied": "Уведомления для этого сайта заблокированы. Разрешите их в настройках браузера.",
  "notify.unsupported": "Этот браузер не может показывать уведомления.",
  "notify.title": "Главное: {blog}",

  // Pictures and embedded posts
  "picture.label": "Фото",
  "picture.labelAlt": "Фото: {alt}",
  "picture.close": "Закрыть фото",
  "embed.load": "Загрузить {noun} {provider}",
  "embed.notice":
    "Если вы загрузите {noun} {provider}, будет показано содержимое с сайта {source}, который может сохранять файлы cookie и собирать данные о вас.",
  "embed.always": "Всегда разрешать {provider}",
  "embed.stopAlways": "Не загружать {provider} автоматически",
  "embed.notShown": "Материалы {source} здесь не показываются. Открыть их можно по ссылке выше.",
  "embed.notShownUnknown": "Этот материал здесь не показывается. Открыть его можно по ссылке выше.",
  "embed.noun.video": "видео",
  "embed.noun.post": "пост",
  "embed.noun.track": "трек",
  "embed.noun.playlist": "плейлист",
  "embed.noun.album": "альбом",
  "embed.noun.episode": "выпуск",
  "embed.noun.podcast": "подкаст",

  // Polls and reactions under an entry
  "poll.votes": {
    one: "{count} голос",
    few: "{count} голоса",
    many: "{count} голосов",
    other: "{count} голоса",
  },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "ваш голос",
  "poll.closed": "Опрос закрыт",
  "poll.closes": "Закрывается {time}",
  "poll.noCookies": "Голоса считаются один раз для каждого браузера, без файлов cookie.",
  "poll.thanks": "Спасибо: ваш голос учтён.",
  "poll.alreadyVoted": "Вы уже голосовали в этом опросе.",
  "poll.closedRefused": "Этот опрос закрыт: ваш голос не учтён.",
  "poll.gone": "Этот опрос изменился: ваш голос не учтён.",
  "poll.rateLimited":
    "Слишком много голосов с вашего подключения. Попробуйте ещё раз через минуту.",
  "poll.failed": "Не удалось отправить голос. Проверьте подключение и попробуйте ещё раз.",
  "reactions.label": "Реакции",
  "reactions.rateLimited":
    "Слишком много реакций с вашего подключения. Попробуйте ещё раз через минуту.",
  "reactions.failed": "Не удалось отправить реакцию. Проверьте подключение и попробуйте ещё раз.",
  "reaction.like": "Нравится",
  "reaction.love": "Обожаю",
  "reaction.wow": "Удивительно",
  "reaction.sad": "Грустно",
  "reaction.clap": "Аплодисменты",
};
