/** The he catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const he: Catalog = {
  // The page around the reader
  "page.skipToContent": "דילוג לתוכן",
  "page.titleLive": "{title} (בשידור חי)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "עדכונים שוטפים: {title}",

  // The blog's header
  "blog.live": "בשידור חי",
  "blog.ended": "הסתיים",
  "blog.removed": "הוסר",
  "blog.updated": "עדכון אחרון: {time}",
  "blog.atomFeed": "פיד Atom",
  "blog.removedText": "הסיקור החי הזה הוסר.",
  "blog.missingText": "הסיקור החי הזה לא קיים.",
  "connection.connecting": "מתבצעת התחברות…",
  "connection.live": "מחובר",
  "connection.reconnecting": "מתבצעת התחברות מחדש…",
  "connection.offline": "אין חיבור",
  "readers.count": { one: "קורא אחד", two: "שני קוראים", other: "{count} קוראים" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "האירועים המרכזיים",
  "keyEvents.empty": "עדיין אין אירועים מרכזיים.",
  "pinned.title": "נעוץ",
  "updates.title": "העדכונים האחרונים",
  "updates.filterLabel": "סינון עדכונים",
  "updates.all": "כל העדכונים",
  "updates.keyEventsOnly": "רק אירועים מרכזיים",
  "updates.backToLatest": "חזרה לעדכונים האחרונים",
  "updates.empty": "עדיין אין עדכונים.",
  "updates.loadOlder": "טעינת עדכונים קודמים",
  "updates.loading": "בטעינה…",
  "updates.new": {
    one: "עדכון חדש אחד",
    two: "שני עדכונים חדשים",
    other: "{count} עדכונים חדשים",
  },
  "updates.olderFailed": "לא ניתן היה לטעון עדכונים קודמים. נסו שוב בעוד רגע.",
  "updates.linkRemoved": "העדכון שהקישור הזה מפנה אליו הוסר.",
  "updates.linkFailed": "לא ניתן היה לטעון את העדכון שהקישור הזה מפנה אליו.",
  "announce.newEntry": "עדכון חדש: {title}",

  // One entry
  "entry.pinned": "נעוץ",
  "entry.keyEvent": "אירוע מרכזי",
  "entry.linkTitle": "קישור לעדכון הזה",
  "entry.byline": "מאת {names}",
  "entry.edited": "עודכן בשעה {time}",
  "entry.seeAll": "לכל העדכונים בסיקור החי הזה",

  // Sharing an entry
  "share.button": "שיתוף",
  "share.label": "שיתוף העדכון הזה",
  "share.copyLink": "העתקת הקישור",
  "share.copied": "הקישור הועתק.",
  "share.copyFailed": "לא ניתן היה להעתיק את הקישור. סמנו אותו למעלה והעתיקו אותו.",
  "share.on": "שיתוף דרך {network}",
  "share.email": "שליחה בדוא״ל",
  "share.close": "סגירה",

  // Since the reader's last visit
  "since.marker": {
    one: "חדש מאז הביקור הקודם ({count})",
    two: "חדש מאז הביקור הקודם ({count})",
    other: "חדש מאז הביקור הקודם ({count})",
  },
  "since.keyEvents": "אירועים מרכזיים מאז הביקור הקודם",
  "since.dismiss": "הסתרה",

  // Notifications of key events
  "notify.button": "קבלת התראות על אירועים מרכזיים",
  "notify.stop": "הפסקת ההתראות",
  "notify.on": "תקבלו התראות על אירועים מרכזיים כל עוד הדף הזה פתוח.",
  "notify.denied": "ההתראות חסומות באתר הזה. אפשר להתיר אותן בהגדרות הדפדפן.",
  "notify.unsupported": "הדפדפן הזה לא יכול להציג התראות.",
  "notify.title": "אירוע מרכזי: {blog}",

  // Pictures and embedded posts
  "picture.label": "תמונה",
  "picture.labelAlt": "תמונה: {alt}",
  "picture.close": "סגירת התמונה",
  "embed.load": "טעינת {noun} של {provider}",
  "embed.notice":
    "טעינת {noun} של {provider} תציג תוכן מאת {source}, שעשוי להגדיר קובצי Cookie ולאסוף עליכם מידע.",
  "embed.always": "תמיד לאפשר תוכן של {provider}",
  "embed.stopAlways": "הפסקת הטעינה האוטומטית של {provider}",
  "embed.notShown": "תוכן של {source} אינו מוצג באתר הזה. אפשר לפתוח אותו בקישור שלמעלה.",
  "embed.notShownUnknown": "התוכן הזה אינו מוצג באתר. אפשר לפתוח אותו בקישור שלמעלה.",
  "embed.noun.video": "הסרטון",
  "embed.noun.post": "הפוסט",
  "embed.noun.track": "הרצועה",
  "embed.noun.playlist": "רשימת ההשמעה",
  "embed.noun.album": "האלבום",
  "embed.noun.episode": "הפרק",
  "embed.noun.podcast": "הפודקאסט",

  // Polls and reactions under an entry
  "poll.votes": { one: "קול אחד", two: "שני קולות", other: "{count} קולות" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "ההצבעה שלך",
  "poll.closed": "הסקר נסגר",
  "poll.closes": "נסגר ב־{time}",
  "poll.noCookies": "ההצבעות נספרות פעם אחת לכל דפדפן, בלי עוגיות.",
  "poll.thanks": "תודה: ההצבעה שלך נספרה.",
  "poll.alreadyVoted": "כבר הצבעת בסקר הזה.",
  "poll.closedRefused": "הסקר הזה נסגר: ההצבעה שלך לא נספרה.",
  "poll.gone": "הסקר הזה השתנה: ההצבעה שלך לא נספרה.",
  "poll.rateLimited": "יותר מדי הצבעות מהחיבור שלך. נסו שוב בעוד דקה.",
  "poll.failed": "לא ניתן היה לשלוח את ההצבעה. בדקו את החיבור ונסו שוב.",
  "reactions.label": "תגובות",
  "reactions.rateLimited": "יותר מדי תגובות מהחיבור שלך. נסו שוב בעוד דקה.",
  "reactions.failed": "לא ניתן היה לשלוח את התגובה. בדקו את החיבור ונסו שוב.",
  "reaction.like": "אהבתי",
  "reaction.love": "אהבה",
  "reaction.wow": "מפתיע",
  "reaction.sad": "עצוב",
  "reaction.clap": "מחיאות כפיים",
};
