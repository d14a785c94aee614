/** The fa catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const fa: Catalog = {
  // The page around the reader
  "page.skipToContent": "رفتن به محتوا",
  "page.titleLive": "{title} (زنده)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "پوشش زنده: {title}",

  // The blog's header
  "blog.live": "زنده",
  "blog.ended": "پایان‌یافته",
  "blog.removed": "حذف‌شده",
  "blog.updated": "آخرین به‌روزرسانی: {time}",
  "blog.atomFeed": "خوراک Atom",
  "blog.removedText": "این پوشش زنده حذف شده است.",
  "blog.missingText": "این پوشش زنده وجود ندارد.",
  "connection.connecting": "در حال اتصال…",
  "connection.live": "متصل",
  "connection.reconnecting": "در حال اتصال دوباره…",
  "connection.offline": "آفلاین",
  "readers.count": { one: "{count} خواننده", other: "{count} خواننده" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "رویدادهای مهم",
  "keyEvents.empty": "هنوز رویداد مهمی ثبت نشده است.",
  "pinned.title": "سنجاق‌شده",
  "updates.title": "تازه‌ترین به‌روزرسانی‌ها",
  "updates.filterLabel": "فیلتر به‌روزرسانی‌ها",
  "updates.all": "همهٔ به‌روزرسانی‌ها",
  "updates.keyEventsOnly": "فقط رویدادهای مهم",
  "updates.backToLatest": "بازگشت به تازه‌ترین به‌روزرسانی‌ها",
  "updates.empty": "هنوز به‌روزرسانی‌ای منتشر نشده است.",
  "updates.loadOlder": "بارگذاری به‌روزرسانی‌های قدیمی‌تر",
  "updates.loading": "در حال بارگذاری…",
  "updates.new": { one: "{count} به‌روزرسانی تازه", other: "{count} به‌روزرسانی تازه" },
  "updates.olderFailed": "به‌روزرسانی‌های قدیمی‌تر بارگذاری نشد. کمی بعد دوباره امتحان کنید.",
  "updates.linkRemoved": "به‌روزرسانی‌ای که این پیوند به آن اشاره می‌کند حذف شده است.",
  "updates.linkFailed": "به‌روزرسانی‌ای که این پیوند به آن اشاره می‌کند بارگذاری نشد.",
  "announce.newEntry": "به‌روزرسانی تازه: {title}",

  // One entry
  "entry.pinned": "سنجاق‌شده",
  "entry.keyEvent": "رویداد مهم",
  "entry.linkTitle": "پیوند به این به‌روزرسانی",
  "entry.byline": "به قلم {names}",
  "entry.edited": "به‌روزشده در ساعت {time}",
  "entry.seeAll": "دیدن همهٔ به‌روزرسانی‌های این پوشش زنده",

  // Sharing an entry
  "share.button": "اشتراک‌گذاری",
  "share.label": "اشتراک‌گذاری این به‌روزرسانی",
  "share.copyLink": "کپی پیوند",
  "share.copied": "پیوند کپی شد.",
  "share.copyFailed": "پیوند کپی نشد. آن را در بالا انتخاب و کپی کنید.",
  "share.on": "اشتراک‌گذاری در {network}",
  "share.email": "ارسال با ایمیل",
  "share.close": "بستن",

  // Since the reader's last visit
  "since.marker": {
    one: "تازه‌ها از آخرین بازدید شما ({count})",
    other: "تازه‌ها از آخرین بازدید شما ({count})",
  },
  "since.keyEvents": "رویدادهای مهم از آخرین بازدید شما",
  "since.dismiss": "پنهان کردن",

  // Notifications of key events
  "notify.button": "دریافت اعلان برای رویدادهای مهم",
  "notify.stop": "توقف اعلان‌ها",
  "notify.on": "تا وقتی این صفحه باز است، رویدادهای مهم را با اعلان به شما خبر می‌دهیم.",
  "notify.denied": "اعلان‌ها برای این سایت مسدود شده‌اند. آن‌ها را در تنظیمات مرورگر مجاز کنید.",
  "notify.unsupported": "این مرورگر نمی‌تواند اعلان نشان دهد.",
  "notify.title": "رویداد مهم: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "آمار",
  "numbers.readersNow": "خوانندگان اکنون",
  "numbers.peak": "اوج",
  "numbers.peakValue": { one: "{count} خواننده، {time}", other: "{count} خواننده، {time}" },
  "numbers.noReaders": "هنوز خواننده‌ای نیست.",
  "numbers.devices": "دستگاه‌های متمایز",
  "numbers.devicesHint": "تخمینی با خطای حدود ۱٪؛ هیچ دستگاهی شناسایی نمی‌شود.",
  "numbers.reactions": "واکنش‌ها",
  "numbers.polls": "نظرسنجی‌ها",
  "numbers.noPolls": "هنوز نظرسنجی‌ای نیست.",
  "numbers.pollOpen": "باز",
  "numbers.pollClosed": "بسته",
  "numbers.topEntries": "بیشترین واکنش‌ها",
  "numbers.noReactions": "هنوز واکنشی نیست.",
  "numbers.noHeadline": "مطلب بدون عنوان",
  "numbers.entryReactions": { one: "{count} واکنش", other: "{count} واکنش" },
  "numbers.chartTitle": "خوانندگان در دقیقه",
  "numbers.chartSummary": "از {start} تا {end}: حداکثر {max} هم‌زمان، اکنون {now}.",
  "numbers.chartBars": {
    one: "هر ستون یک دقیقه است.",
    other: "هر ستون پرخواننده‌ترین دقیقهٔ {count} دقیقه است.",
  },
  "numbers.chartEmpty": "هنوز خواننده‌ای شمرده نشده است.",
  "numbers.chartTable": "خوانندگان در دقیقه به صورت جدول",
  "numbers.minute": "دقیقه",
  "numbers.readers": "خوانندگان",
  "numbers.download": "دریافت خوانندگان در دقیقه (CSV)",
  "numbers.loading": "در حال بارگذاری…",

  // Pictures and embedded posts
  "picture.label": "تصویر",
  "picture.labelAlt": "تصویر: {alt}",
  "picture.close": "بستن تصویر",
  "embed.load": "بارگذاری {noun} {provider}",
  "embed.notice":
    "با بارگذاری این {noun} {provider}، محتوایی از {source} نمایش داده می‌شود و {source} ممکن است کوکی ذخیره کند و دربارهٔ شما داده جمع‌آوری کند.",
  "embed.always": "اجازهٔ همیشگی به {provider}",
  "embed.stopAlways": "توقف بارگذاری خودکار {provider}",
  "embed.notShown":
    "محتوای {source} در این سایت نمایش داده نمی‌شود. می‌توانید آن را با پیوند بالا باز کنید.",
  "embed.notShownUnknown":
    "این محتوا در این سایت نمایش داده نمی‌شود. می‌توانید آن را با پیوند بالا باز کنید.",
  "embed.noun.video": "ویدیوی",
  "embed.noun.post": "پست",
  "embed.noun.track": "قطعهٔ",
  "embed.noun.playlist": "فهرست پخش",
  "embed.noun.album": "آلبوم",
  "embed.noun.episode": "قسمت",
  "embed.noun.podcast": "پادکست",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} رأی", other: "{count} رأی" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "رأی شما",
  "poll.closed": "نظرسنجی بسته شد",
  "poll.closes": "پایان: {time}",
  "poll.noCookies": "رأی‌ها برای هر مرورگر یک بار و بدون کوکی شمرده می‌شوند.",
  "poll.thanks": "سپاس: رأی شما ثبت شد.",
  "poll.alreadyVoted": "شما پیش‌تر در این نظرسنجی رأی داده‌اید.",
  "poll.closedRefused": "این نظرسنجی بسته شده است: رأی شما شمرده نشد.",
  "poll.gone": "این نظرسنجی تغییر کرده است: رأی شما شمرده نشد.",
  "poll.rateLimited": "رأی‌های بیش از حد از اتصال شما. یک دقیقهٔ دیگر دوباره امتحان کنید.",
  "poll.failed": "رأی شما فرستاده نشد. اتصال خود را بررسی کنید و دوباره امتحان کنید.",
  "reactions.label": "واکنش‌ها",
  "reactions.rateLimited": "واکنش‌های بیش از حد از اتصال شما. یک دقیقهٔ دیگر دوباره امتحان کنید.",
  "reactions.failed": "واکنش شما فرستاده نشد. اتصال خود را بررسی کنید و دوباره امتحان کنید.",
  "reaction.like": "پسندیدم",
  "reaction.love": "عالی",
  "reaction.wow": "شگفت‌زده",
  "reaction.sad": "ناراحت",
  "reaction.clap": "تشویق",
};
