/** The pl catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const pl: Catalog = {
  // The page around the reader
  "page.skipToContent": "Przejdź do treści",
  "page.titleLive": "{title} (na żywo)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Relacja na żywo: {title}",

  // The blog's header
  "blog.live": "Na żywo",
  "blog.ended": "Zakończona",
  "blog.removed": "Usunięta",
  "blog.updated": "Aktualizacja: {time}",
  "blog.atomFeed": "Kanał Atom",
  "blog.removedText": "Ta relacja na żywo została usunięta.",
  "blog.missingText": "Ta relacja na żywo nie istnieje.",
  "connection.connecting": "Łączenie…",
  "connection.live": "Połączono",
  "connection.reconnecting": "Ponowne łączenie…",
  "connection.offline": "Brak połączenia",
  "readers.count": {
    one: "{count} osoba czyta",
    few: "{count} osoby czytają",
    many: "{count} osób czyta",
    other: "{count} osoby czyta",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Najważniejsze wydarzenia",
  "keyEvents.empty": "Na razie brak najważniejszych wydarzeń.",
  "pinned.title": "Przypięte",
  "updates.title": "Najnowsze wpisy",
  "updates.filterLabel": "Filtruj wpisy",
  "updates.all": "Wszystkie wpisy",
  "updates.keyEventsOnly": "Tylko najważniejsze wydarzenia",
  "updates.backToLatest": "Wróć do najnowszych wpisów",
  "updates.empty": "Na razie brak wpisów.",
  "updates.loadOlder": "Wczytaj starsze wpisy",
  "updates.loading": "Wczytywanie…",
  "updates.new": {
    one: "{count} nowy wpis",
    few: "{count} nowe wpisy",
    many: "{count} nowych wpisów",
    other: "{count} nowego wpisu",
  },
  "updates.olderFailed": "Nie udało się wczytać starszych wpisów. Spróbuj ponownie za chwilę.",
  "updates.linkRemoved": "Wpis, do którego prowadzi ten link, został usunięty.",
  "updates.linkFailed": "Nie udało się wczytać wpisu, do którego prowadzi ten link.",
  "announce.newEntry": "Nowy wpis: {title}",

  // One entry
  "entry.pinned": "Przypięty",
  "entry.keyEvent": "Ważne wydarzenie",
  "entry.linkTitle": "Link do tego wpisu",
  "entry.byline": "Tekst: {names}",
  "entry.edited": "zaktualizowano o {time}",
  "entry.seeAll": "Zobacz wszystkie wpisy tej relacji",

  // Sharing an entry
  "share.button": "Udostępnij",
  "share.label": "Udostępnij ten wpis",
  "share.copyLink": "Kopiuj link",
  "share.copied": "Link skopiowany.",
  "share.copyFailed": "Nie udało się skopiować linku. Zaznacz go powyżej i skopiuj.",
  "share.on": "Udostępnij: {network}",
  "share.email": "Wyślij e-mailem",
  "share.close": "Zamknij",

  // Since the reader's last visit
  "since.marker": {
    one: "Nowe od ostatniej wizyty ({count})",
    few: "Nowe od ostatniej wizyty ({count})",
    many: "Nowe od ostatniej wizyty ({count})",
    other: "Nowe od ostatniej wizyty ({count})",
  },
  "since.keyEvents": "Najważniejsze wydarzenia od ostatniej wizyty",
  "since.dismiss": "Ukryj",

  // Notifications of key events
  "notify.button": "Powiadamiaj o najważniejszych wydarzeniach",
  "notify.stop": "Wyłącz powiadomienia",
  "notify.on":
    "Będziesz otrzymywać powiadomienia o najważniejszych wydarzeniach, dopóki ta strona jest otwarta.",
  "notify.denied":
    "Powiadomienia z tej witryny są zablokowane. Zezwól na nie w ustawieniach przeglądarki.",
  "notify.unsupported": "Ta przeglądarka nie może wyświetlać powiadomień.",
  "notify.title": "Ważne wydarzenie: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Liczby",
  "numbers.readersNow": "Czytelnicy teraz",
  "numbers.peak": "Szczyt",
  "numbers.peakValue": {
    one: "{count} czytelnik, {time}",
    few: "{count} czytelników, {time}",
    many: "{count} czytelników, {time}",
    other: "{count} czytelnika, {time}",
  },
  "numbers.noReaders": "Jeszcze brak czytelników.",
  "numbers.devices": "Różne urządzenia",
  "numbers.devicesHint":
    "Szacunek z dokładnością do ok. 1 %; żadne urządzenie nie jest identyfikowane.",
  "numbers.reactions": "Reakcje",
  "numbers.polls": "Ankiety",
  "numbers.noPolls": "Jeszcze brak ankiet.",
  "numbers.pollOpen": "otwarta",
  "numbers.pollClosed": "zamknięta",
  "numbers.topEntries": "Najwięcej reakcji",
  "numbers.noReactions": "Jeszcze brak reakcji.",
  "numbers.noHeadline": "Wpis bez nagłówka",
  "numbers.entryReactions": {
    one: "{count} reakcja",
    few: "{count} reakcje",
    many: "{count} reakcji",
    other: "{count} reakcji",
  },
  "numbers.chartTitle": "Czytelnicy na minutę",
  "numbers.chartSummary": "Od {start} do {end}: najwyżej {max} naraz, teraz {now}.",
  "numbers.chartBars": {
    one: "Każdy słupek to jedna minuta.",
    few: "Każdy słupek to najbardziej czytana minuta z {count} minut.",
    many: "Każdy słupek to najbardziej czytana minuta z {count} minut.",
    other: "Każdy słupek to najbardziej czytana minuta z {count} minuty.",
  },
  "numbers.chartEmpty": "Jeszcze nie policzono czytelników.",
  "numbers.chartTable": "Czytelnicy na minutę w tabeli",
  "numbers.minute": "Minuta",
  "numbers.readers": "Czytelnicy",
  "numbers.download": "Pobierz czytelników na minutę (CSV)",
  "numbers.loading": "Wczytywanie…",

  // Pictures and embedded posts
  "picture.label": "Zdjęcie",
  "picture.labelAlt": "Zdjęcie: {alt}",
  "picture.close": "Zamknij zdjęcie",
  "embed.load": "Wczytaj {noun} z serwisu {provider}",
  "embed.notice":
    "Jeśli wczytasz {noun} z serwisu {provider}, zobaczysz treści z serwisu {source}, który może zapisywać pliki cookie i zbierać dane o Tobie.",
  "embed.always": "Zawsze zezwalaj na treści z serwisu {provider}",
  "embed.stopAlways": "Nie wczytuj automatycznie treści z serwisu {provider}",
  "embed.notShown":
    "Treści z serwisu {source} nie są wyświetlane na tej stronie. Otworzysz je za pomocą linku powyżej.",
  "embed.notShownUnknown":
    "Ta treść nie jest wyświetlana na tej stronie. Otworzysz ją za pomocą linku powyżej.",
  "embed.noun.video": "film",
  "embed.noun.post": "post",
  "embed.noun.track": "utwór",
  "embed.noun.playlist": "playlistę",
  "embed.noun.album": "album",
  "embed.noun.episode": "odcinek",
  "embed.noun.podcast": "podcast",

  // Polls and reactions under an entry
  "poll.votes": {
    one: "{count} głos",
    few: "{count} głosy",
    many: "{count} głosów",
    other: "{count} głosu",
  },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "twój głos",
  "poll.closed": "Ankieta zamknięta",
  "poll.closes": "Koniec: {time}",
  "poll.noCookies": "Głosy są liczone raz na przeglądarkę, bez plików cookie.",
  "poll.thanks": "Dziękujemy: twój głos został policzony.",
  "poll.alreadyVoted": "Twój głos w tej ankiecie został już oddany.",
  "poll.closedRefused": "Ta ankieta jest zamknięta: twój głos nie został policzony.",
  "poll.gone": "Ta ankieta się zmieniła: twój głos nie został policzony.",
  "poll.rateLimited": "Zbyt wiele głosów z twojego połączenia. Spróbuj ponownie za minutę.",
  "poll.failed": "Nie udało się wysłać głosu. Sprawdź połączenie i spróbuj ponownie.",
  "reactions.label": "Reakcje",
  "reactions.rateLimited": "Zbyt wiele reakcji z twojego połączenia. Spróbuj ponownie za minutę.",
  "reactions.failed": "Nie udało się wysłać reakcji. Sprawdź połączenie i spróbuj ponownie.",
  "reaction.like": "Lubię to",
  "reaction.love": "Kocham",
  "reaction.wow": "Zaskoczenie",
  "reaction.sad": "Smutek",
  "reaction.clap": "Brawa",
};
