/**
 * Live blogs written in German, Arabic and Ukrainian, for the reader-languages test and the
 * right-to-left screenshot: a pinned entry, a key event, an entry that is edited, entries by
 * several authors, and two entries to post while the page is open. Their words are the blog's
 * own, so any English on the page is the page's.
 */
import type { Blog, Entry } from "../../../shared/schemas.js";
import type { TestInstance } from "../../support/instance.js";
import { bearer } from "../../support/instance.js";
import { addPerson } from "../../support/people.js";

export interface SceneEntry {
  headline: string;
  body: string;
  pinned?: boolean;
  keyEvent?: boolean;
  /** Indexes into the scene's authors. */
  by: number[];
}

export interface LanguageScene {
  language: string;
  timeZone: string;
  title: string;
  description: string;
  authors: { name: string; displayName: string }[];
  /** Oldest first. */
  entries: SceneEntry[];
  /** The entry (index) that is edited, and its new body. */
  edit: { index: number; body: string };
  /** Posted while a reader is on the page. */
  later: SceneEntry[];
}

export const GERMAN: LanguageScene = {
  language: "de",
  timeZone: "Europe/Berlin",
  title: "Berlin-Marathon: der Renntag im Liveblog",
  description: "Start, Rennen und Zieleinlauf: alle Meldungen von der Strecke.",
  authors: [
    { name: "anna.schmidt", displayName: "Anna Schmidt" },
    { name: "jonas.weber", displayName: "Jonas Weber" },
    { name: "leyla.demir", displayName: "Leyla Demir" },
  ],
  entries: [
    {
      headline: "Die Strecke ist gesperrt",
      body: "Ab 6 Uhr sind die Straßen zwischen Brandenburger Tor und Tiergarten für den Verkehr gesperrt.\n\nDie U-Bahn fährt im Fünf-Minuten-Takt.",
      pinned: true,
      by: [0],
    },
    {
      headline: "Startschuss gefallen",
      body: "Um 9:15 Uhr sind die ersten Läuferinnen und Läufer auf die Strecke gegangen.\n\nMehr als 45.000 Menschen sind gemeldet.",
      keyEvent: true,
      by: [0, 1],
    },
    {
      headline: "Das Wetter hält",
      body: "Zwölf Grad und kaum Wind: beste Bedingungen für schnelle Zeiten.\n\nDie Sanitäter melden bisher wenige Einsätze.",
      by: [2],
    },
    {
      headline: "Die Hälfte ist geschafft",
      body: "Die Spitzengruppe hat die halbe Strecke in einer Stunde und zwei Minuten hinter sich.\n\nVorne laufen sechs Männer dicht beieinander.",
      by: [1, 2],
    },
    {
      headline: "Stimmung an der Strecke",
      body: "Zehntausende feuern die Läuferinnen und Läufer an, vor allem am Wilden Eber.\n\nTrommelgruppen sorgen alle paar Kilometer für Musik.",
      by: [0, 1, 2],
    },
  ],
  edit: {
    index: 2,
    body: "Zwölf Grad und kaum Wind: beste Bedingungen für schnelle Zeiten.\n\nDie Sanitäter melden bisher drei Einsätze.",
  },
  later: [
    {
      headline: "Rekord in Reichweite",
      body: "Die Zwischenzeiten liegen deutlich unter dem Streckenrekord.",
      by: [1],
    },
    {
      headline: "Zieleinlauf",
      body: "Der Sieger überquert die Ziellinie nach zwei Stunden und einer Minute.",
      by: [0, 2],
    },
  ],
};

export const ARABIC: LanguageScene = {
  language: "ar",
  timeZone: "Asia/Riyadh",
  title: "قمة الرياض للمناخ: تغطية مباشرة",
  description: "الجلسات والكلمات والقرارات لحظة بلحظة.",
  authors: [
    { name: "layla.hassan", displayName: "ليلى حسن" },
    { name: "omar.alzahrani", displayName: "عمر الزهراني" },
    { name: "sara.alqahtani", displayName: "سارة القحطاني" },
  ],
  entries: [
    {
      headline: "برنامج اليوم",
      body: "تبدأ الجلسة الافتتاحية في العاشرة صباحًا بتوقيت الرياض.\n\nتُعقد ورش العمل بعد الظهر في القاعة الكبرى.",
      pinned: true,
      by: [0],
    },
    {
      headline: "افتتاح القمة",
      body: "افتتح وزير البيئة القمة بكلمة عن الطاقة المتجددة.\n\nيشارك في القمة ممثلون عن أكثر من أربعين دولة.",
      keyEvent: true,
      by: [0, 1],
    },
    {
      headline: "أرقام جديدة",
      body: "أعلنت اللجنة المنظمة أن عدد الحضور تجاوز خمسة آلاف شخص.\n\nوستُنشر القائمة الكاملة للمتحدثين مساءً.",
      by: [2],
    },
    {
      headline: "جلسة المياه",
      body: "ناقش الخبراء تحلية مياه البحر باستخدام الطاقة الشمسية.\n\nوقُدّمت ثلاثة مشاريع تجريبية من المنطقة.",
      by: [1, 2],
    },
    {
      headline: "آراء الشباب",
      body: "قدّم طلاب من جامعات المملكة أفكارهم لخفض الانبعاثات في المدن.\n\nوحظيت مبادرة النقل العام باهتمام كبير.",
      by: [0, 1, 2],
    },
  ],
  edit: {
    index: 2,
    body: "أعلنت اللجنة المنظمة أن عدد الحضور تجاوز ستة آلاف شخص.\n\nوستُنشر القائمة الكاملة للمتحدثين مساءً.",
  },
  later: [
    {
      headline: "اتفاق مبدئي",
      body: "توصلت الوفود إلى اتفاق مبدئي حول تمويل مشاريع الطاقة النظيفة.",
      by: [1],
    },
    {
      headline: "مؤتمر صحفي",
      body: "يعقد رئيس القمة مؤتمرًا صحفيًا بعد قليل.",
      by: [0, 2],
    },
  ],
};

export const UKRAINIAN: LanguageScene = {
  language: "uk",
  timeZone: "Europe/Kyiv",
  title: "Книжковий Арсенал у Києві: онлайн",
  description: "Презентації, зустрічі з авторами та новини фестивалю.",
  authors: [
    { name: "olena.kovalenko", displayName: "Олена Коваленко" },
    { name: "andrii.shevchuk", displayName: "Андрій Шевчук" },
    { name: "mariia.bondar", displayName: "Марія Бондар" },
  ],
  entries: [
    {
      headline: "Розклад на сьогодні",
      body: "Фестиваль відкривається о десятій ранку.\n\nПрезентації тривають до девʼятої вечора на трьох сценах.",
      pinned: true,
      by: [0],
    },
    {
      headline: "Фестиваль відкрито",
      body: "Директорка Арсеналу привітала гостей і видавців.\n\nЦього року участь беруть понад двісті видавництв.",
      keyEvent: true,
      by: [0, 1],
    },
    {
      headline: "Черги біля входу",
      body: "Біля входу зібралися довгі черги.\n\nОрганізатори радять купувати квитки онлайн.",
      by: [2],
    },
    {
      headline: "Дитяча програма",
      body: "На дитячій сцені читають казки та малюють ілюстрації.\n\nНаступне читання розпочнеться за пів години.",
      by: [1, 2],
    },
    {
      headline: "Нові переклади",
      body: "Видавці представили переклади сучасної європейської прози.\n\nОсобливий інтерес викликала поезія.",
      by: [0, 1, 2],
    },
  ],
  edit: {
    index: 2,
    body: "Черги вже менші, проходити швидше.\n\nОрганізатори радять купувати квитки онлайн.",
  },
  later: [
    {
      headline: "Зустріч з авторкою",
      body: "Письменниця розповіла про свій новий роман.",
      by: [1],
    },
    {
      headline: "Розіграш книжок",
      body: "Відвідувачі можуть виграти комплект новинок фестивалю.",
      by: [0, 2],
    },
  ],
};

/** Sends one request with the admin's token; throws unless it gets `expected`. */
async function call<T>(url: string, method: string, expected: number, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...bearer, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Posts one of the scene's entries, by its authors. */
export const postSceneEntry = (
  server: Pick<TestInstance, "url">,
  blogId: string,
  scene: LanguageScene,
  entry: SceneEntry,
) =>
  call<Entry>(`${server.url}/api/blogs/${blogId}/entries`, "POST", 201, {
    headline: entry.headline,
    body: entry.body,
    pinned: entry.pinned ?? false,
    keyEvent: entry.keyEvent ?? false,
    authors: entry.by.map((i) => scene.authors[i]!.name),
  });

/**
 * The scene's blog (id `blogId`) with its authors (added to the store unless there already) and
 * its entries, the edit made: what a reader finds on arrival.
 */
export async function setScene(
  server: Pick<TestInstance, "url" | "store">,
  scene: LanguageScene,
  blogId: string,
): Promise<{ blog: Blog; entries: Entry[] }> {
  for (const author of scene.authors) {
    if (!(await server.store.editors.getEditor(author.name)))
      await addPerson(server.store, "editor", author);
  }
  const blog = await call<Blog>(`${server.url}/api/blogs`, "POST", 201, {
    id: blogId,
    title: scene.title,
    description: scene.description,
    language: scene.language,
    timeZone: scene.timeZone,
  });
  const entries: Entry[] = [];
  for (const entry of scene.entries)
    entries.push(await postSceneEntry(server, blogId, scene, entry));
  const edited = entries[scene.edit.index]!;
  entries[scene.edit.index] = await call<Entry>(
    `${server.url}/api/blogs/${blogId}/entries/${edited.id}`,
    "PATCH",
    200,
    { version: edited.version, body: scene.edit.body },
  );
  return { blog, entries };
}
