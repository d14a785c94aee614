/** The ar catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const ar: Catalog = {
  // The page around the reader
  "page.skipToContent": "انتقل إلى المحتوى",
  "page.titleLive": "{title} (مباشر)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "تغطية مباشرة: {title}",

  // The blog's header
  "blog.live": "مباشر",
  "blog.ended": "انتهت",
  "blog.removed": "حُذفت",
  "blog.updated": "آخر تحديث: {time}",
  "blog.atomFeed": "موجز Atom",
  "blog.removedText": "حُذفت هذه التغطية المباشرة.",
  "blog.missingText": "هذه التغطية المباشرة غير موجودة.",
  "connection.connecting": "جارٍ الاتصال…",
  "connection.live": "متصل",
  "connection.reconnecting": "جارٍ إعادة الاتصال…",
  "connection.offline": "غير متصل",
  "readers.count": {
    zero: "لا قرّاء الآن",
    one: "قارئ واحد",
    two: "قارئان",
    few: "{count} قرّاء",
    many: "{count} قارئًا",
    other: "{count} قارئ",
  },

  // Key events, pinned entries and the stream
  "keyEvents.title": "أبرز الأحداث",
  "keyEvents.empty": "لا أحداث بارزة حتى الآن.",
  "pinned.title": "مثبّت",
  "updates.title": "آخر التحديثات",
  "updates.filterLabel": "تصفية التحديثات",
  "updates.all": "كل التحديثات",
  "updates.keyEventsOnly": "أبرز الأحداث فقط",
  "updates.backToLatest": "العودة إلى آخر التحديثات",
  "updates.empty": "لا تحديثات حتى الآن.",
  "updates.loadOlder": "تحميل التحديثات السابقة",
  "updates.loading": "جارٍ التحميل…",
  "updates.new": {
    zero: "لا تحديثات جديدة",
    one: "تحديث جديد واحد",
    two: "تحديثان جديدان",
    few: "{count} تحديثات جديدة",
    many: "{count} تحديثًا جديدًا",
    other: "{count} تحديث جديد",
  },
  "updates.olderFailed": "تعذّر تحميل التحديثات السابقة. يُرجى المحاولة مرة أخرى بعد قليل.",
  "updates.linkRemoved": "حُذف التحديث الذي يشير إليه هذا الرابط.",
  "updates.linkFailed": "تعذّر تحميل التحديث الذي يشير إليه هذا الرابط.",
  "announce.newEntry": "تحديث جديد: {title}",

  // One entry
  "entry.pinned": "مثبّت",
  "entry.keyEvent": "حدث بارز",
  "entry.linkTitle": "رابط هذا التحديث",
  "entry.byline": "بقلم {names}",
  "entry.edited": "حُدّث الساعة {time}",
  "entry.seeAll": "عرض كل تحديثات هذه التغطية المباشرة",

  // Sharing an entry
  "share.button": "مشاركة",
  "share.label": "مشاركة هذا التحديث",
  "share.copyLink": "نسخ الرابط",
  "share.copied": "تم نسخ الرابط.",
  "share.copyFailed": "تعذّر نسخ الرابط. يمكنك تحديده في الأعلى ونسخه.",
  "share.on": "مشاركة عبر {network}",
  "share.email": "إرسال بالبريد الإلكتروني",
  "share.close": "إغلاق",

  // Since the reader's last visit
  "since.marker": {
    zero: "جديد منذ زيارتك الأخيرة ({count})",
    one: "جديد منذ زيارتك الأخيرة ({count})",
    two: "جديد منذ زيارتك الأخيرة ({count})",
    few: "جديد منذ زيارتك الأخيرة ({count})",
    many: "جديد منذ زيارتك الأخيرة ({count})",
    other: "جديد منذ زيارتك الأخيرة ({count})",
  },
  "since.keyEvents": "أبرز الأحداث منذ زيارتك الأخيرة",
  "since.dismiss": "إخفاء",

  // Notifications of key events
  "notify.button": "تلقّي إشعارات بأبرز الأحداث",
  "notify.stop": "إيقاف الإشعارات",
  "notify.on": "ستصلك إشعارات بأبرز الأحداث ما دامت هذه الصفحة مفتوحة.",
  "notify.denied": "الإشعارات محظورة على هذا الموقع. يمكنك السماح بها من إعدادات المتصفح.",
  "notify.unsupported": "لا يستطيع هذا المتصفح عرض الإشعارات.",
  "notify.title": "حدث بارز: {blog}",

  // Pictures and embedded posts
  "picture.label": "صورة",
  "picture.labelAlt": "صورة: {alt}",
  "picture.close": "إغلاق الصورة",
  "embed.load": "تحميل {noun} من {provider}",
  "embed.notice":
    "يؤدي تحميل {noun} من {provider} إلى عرض محتوى من {source}، وقد يستخدم {source} ملفات تعريف الارتباط ويجمع بيانات عنك.",
  "embed.always": "السماح دائمًا بمحتوى {provider}",
  "embed.stopAlways": "إيقاف التحميل التلقائي لمحتوى {provider}",
  "embed.notShown": "لا يُعرض محتوى {source} على هذا الموقع. يمكنك فتحه من الرابط أعلاه.",
  "embed.notShownUnknown": "لا يُعرض هذا المحتوى على هذا الموقع. يمكنك فتحه من الرابط أعلاه.",
  "embed.noun.video": "الفيديو",
  "embed.noun.post": "المنشور",
  "embed.noun.track": "المقطع الصوتي",
  "embed.noun.playlist": "قائمة التشغيل",
  "embed.noun.album": "الألبوم",
  "embed.noun.episode": "الحلقة",
  "embed.noun.podcast": "البودكاست",
};
