/** The uk catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const uk: Catalog = {
  // The page around the reader
  "page.skipToContent": "Перейти до вмісту",
  "page.titleLive": "{title} (онлайн)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Онлайн-трансляція: {title}",

  // The blog's header
  "blog.live": "Наживо",
  "blog.ended": "Завершено",
  "blog.removed": "Видалено",
  "blog.updated": "Оновлено: {time}",
  "blog.atomFeed": "Стрічка Atom",
  "blog.removedText": "Цю онлайн-трансляцію видалено.",
  "blog.missingText": "Такої онлайн-трансляції не існує.",
  "connection.connecting": "Підключення…",
  "connection.live": "Підключено",
  "connection.reconnecting": "Повторне підключення…",
  "connection.offline": "Немає з’єднання",
  "readers.count": {
    one: "{count} читач",
    few: "{count} читачі",
    many: "{count} читачів",
    other: "{count} читача",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Головне",
  "keyEvents.empty": "Головних подій поки немає.",
  "pinned.title": "Закріплено",
  "updates.title": "Останні записи",
  "updates.filterLabel": "Фільтр записів",
  "updates.all": "Усі записи",
  "updates.keyEventsOnly": "Лише головне",
  "updates.backToLatest": "До останніх записів",
  "updates.empty": "Записів поки немає.",
  "updates.loadOlder": "Завантажити попередні записи",
  "updates.loading": "Завантаження…",
  "updates.new": {
    one: "{count} новий запис",
    few: "{count} нові записи",
    many: "{count} нових записів",
    other: "{count} нового запису",
  },
  "updates.olderFailed": "Не вдалося завантажити попередні записи. Спробуйте ще раз трохи згодом.",
  "updates.linkRemoved": "Запис, на який веде це посилання, видалено.",
  "updates.linkFailed": "Не вдалося завантажити запис, на який веде це посилання.",
  "announce.newEntry": "Новий запис: {title}",

  // One entry
  "entry.pinned": "Закріплено",
  "entry.keyEvent": "Головне",
  "entry.linkTitle": "Посилання на цей запис",
  "entry.byline": "Текст: {names}",
  "entry.edited": "оновлено о {time}",
  "entry.seeAll": "Усі записи цієї онлайн-трансляції",

  // Sharing an entry
  "share.button": "Поділитися",
  "share.label": "Поділитися цим записом",
  "share.copyLink": "Скопіювати посилання",
  "share.copied": "Посилання скопійовано.",
  "share.copyFailed": "Не вдалося скопіювати посилання. Виділіть його вище й скопіюйте.",
  "share.on": "Поділитися в {network}",
  "share.email": "Надіслати електронною поштою",
  "share.close": "Закрити",

  // Since the reader's last visit
  "since.marker": {
    one: "Нове з часу вашого останнього візиту ({count})",
    few: "Нове з часу вашого останнього візиту ({count})",
    many: "Нове з часу вашого останнього візиту ({count})",
    other: "Нове з часу вашого останнього візиту ({count})",
  },
  "since.keyEvents": "Головне з часу вашого останнього візиту",
  "since.dismiss": "Приховати",

  // Notifications of key events
  "notify.button": "Сповіщати про головне",
  "notify.stop": "Вимкнути сповіщення",
  "notify.on": "Поки ця сторінка відкрита, ви отримуватимете сповіщення про головні події.",
  "notify.denied": "Сповіщення для цього сайту заблоковано. Дозвольте їх у налаштуваннях браузера.",
  "notify.unsupported": "Цей браузер не може показувати сповіщення.",
  "notify.title": "Головне: {blog}",

  // Pictures and embedded posts
  "picture.label": "Фото",
  "picture.labelAlt": "Фото: {alt}",
  "picture.close": "Закрити фото",
  "embed.load": "Завантажити {noun} {provider}",
  "embed.notice":
    "Якщо ви завантажите {noun} {provider}, буде показано вміст із сайту {source}, який може зберігати файли cookie та збирати дані про вас.",
  "embed.always": "Завжди дозволяти {provider}",
  "embed.stopAlways": "Не завантажувати {provider} автоматично",
  "embed.notShown": "Матеріали {source} тут не показуються. Відкрити їх можна за посиланням вище.",
  "embed.notShownUnknown":
    "Цей матеріал тут не показується. Відкрити його можна за посиланням вище.",
  "embed.noun.video": "відео",
  "embed.noun.post": "допис",
  "embed.noun.track": "трек",
  "embed.noun.playlist": "плейлист",
  "embed.noun.album": "альбом",
  "embed.noun.episode": "випуск",
  "embed.noun.podcast": "подкаст",

  // Polls and reactions under an entry
  "poll.votes": {
    one: "{count} голос",
    few: "{count} голоси",
    many: "{count} голосів",
    other: "{count} голосу",
  },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "ваш голос",
  "poll.closed": "Опитування закрито",
  "poll.closes": "Закривається {time}",
  "poll.noCookies": "Голоси рахуються один раз для кожного браузера, без файлів cookie.",
  "poll.thanks": "Дякуємо: ваш голос враховано.",
  "poll.alreadyVoted": "Ви вже голосували в цьому опитуванні.",
  "poll.closedRefused": "Це опитування закрито: ваш голос не враховано.",
  "poll.gone": "Це опитування змінилося: ваш голос не враховано.",
  "poll.rateLimited": "Забагато голосів із вашого з’єднання. Спробуйте ще раз за хвилину.",
  "poll.failed": "Не вдалося надіслати голос. Перевірте з’єднання і спробуйте ще раз.",
  "reactions.label": "Реакції",
  "reactions.rateLimited": "Забагато реакцій із вашого з’єднання. Спробуйте ще раз за хвилину.",
  "reactions.failed": "Не вдалося надіслати реакцію. Перевірте з’єднання і спробуйте ще раз.",
  "reaction.like": "Подобається",
  "reaction.love": "Люблю",
  "reaction.wow": "Дивовижно",
  "reaction.sad": "Сумно",
  "reaction.clap": "Оплески",
};
