/** The tr catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const tr: Catalog = {
  // The page around the reader
  "page.skipToContent": "İçeriğe geç",
  "page.titleLive": "{title} (canlı)",
  "page.titleUnseen": "({count}) {title}",
  "page.descriptionFallback": "Canlı gelişmeler: {title}",

  // The blog's header
  "blog.live": "Canlı",
  "blog.ended": "Sona erdi",
  "blog.removed": "Kaldırıldı",
  "blog.updated": "Son güncelleme: {time}",
  "blog.atomFeed": "Atom akışı",
  "blog.removedText": "Bu canlı blog kaldırıldı.",
  "blog.missingText": "Böyle bir canlı blog yok.",
  "connection.connecting": "Bağlanıyor…",
  "connection.live": "Bağlandı",
  "connection.reconnecting": "Yeniden bağlanıyor…",
  "connection.offline": "Çevrimdışı",
  "readers.count": { one: "{count} kişi okuyor", other: "{count} kişi okuyor" },

  // Key events, pinned entries and the stream
  "keyEvents.title": "Önemli gelişmeler",
  "keyEvents.empty": "Henüz önemli bir gelişme yok.",
  "pinned.title": "Sabitlenmiş",
  "updates.title": "Son gelişmeler",
  "updates.filterLabel": "Gelişmeleri filtrele",
  "updates.all": "Tüm gelişmeler",
  "updates.keyEventsOnly": "Yalnızca önemli gelişmeler",
  "updates.backToLatest": "Son gelişmelere dön",
  "updates.empty": "Henüz gelişme yok.",
  "updates.loadOlder": "Önceki gelişmeleri yükle",
  "updates.loading": "Yükleniyor…",
  "updates.new": { one: "{count} yeni gelişme", other: "{count} yeni gelişme" },
  "updates.olderFailed": "Önceki gelişmeler yüklenemedi. Birazdan yeniden deneyin.",
  "updates.linkRemoved": "Bu bağlantının işaret ettiği gelişme kaldırıldı.",
  "updates.linkFailed": "Bu bağlantının işaret ettiği gelişme yüklenemedi.",
  "announce.newEntry": "Yeni gelişme: {title}",

  // One entry
  "entry.pinned": "Sabitlenmiş",
  "entry.keyEvent": "Önemli gelişme",
  "entry.linkTitle": "Bu gelişmenin bağlantısı",
  "entry.byline": "Yazan: {names}",
  "entry.edited": "güncellendi: {time}",
  "entry.seeAll": "Bu canlı blogdaki tüm gelişmeleri gör",

  // Sharing an entry
  "share.button": "Paylaş",
  "share.label": "Bu gelişmeyi paylaş",
  "share.copyLink": "Bağlantıyı kopyala",
  "share.copied": "Bağlantı kopyalandı.",
  "share.copyFailed": "Bağlantı kopyalanamadı. Yukarıdan seçip kopyalayın.",
  "share.on": "{network} ile paylaş",
  "share.email": "E-postayla gönder",
  "share.close": "Kapat",

  // Since the reader's last visit
  "since.marker": {
    one: "Son ziyaretinizden bu yana yenilikler ({count})",
    other: "Son ziyaretinizden bu yana yenilikler ({count})",
  },
  "since.keyEvents": "Son ziyaretinizden bu yana önemli gelişmeler",
  "since.dismiss": "Gizle",

  // Notifications of key events
  "notify.button": "Önemli gelişmelerde bana bildirim gönder",
  "notify.stop": "Bildirimleri kapat",
  "notify.on": "Bu sayfa açık kaldığı sürece önemli gelişmelerde bildirim alacaksınız.",
  "notify.denied":
    "Bu site için bildirimler engellenmiş. Tarayıcı ayarlarından bildirimlere izin verebilirsiniz.",
  "notify.unsupported": "Bu tarayıcı bildirim gösteremiyor.",
  "notify.title": "Önemli gelişme: {blog}",

  // The desk's Numbers panel (client/admin/numbers-panel.ts)
  "numbers.title": "Sayılar",
  "numbers.readersNow": "Şu anki okurlar",
  "numbers.peak": "Zirve",
  "numbers.peakValue": { one: "{count} okur, {time}", other: "{count} okur, {time}" },
  "numbers.noReaders": "Henüz okur yok.",
  "numbers.devices": "Farklı cihazlar",
  "numbers.devicesHint": "Yaklaşık %1 hata payıyla bir tahmin; hiçbir cihaz tanımlanmaz.",
  "numbers.reactions": "Tepkiler",
  "numbers.polls": "Anketler",
  "numbers.noPolls": "Henüz anket yok.",
  "numbers.pollOpen": "açık",
  "numbers.pollClosed": "kapalı",
  "numbers.topEntries": "En çok tepki alanlar",
  "numbers.noReactions": "Henüz tepki yok.",
  "numbers.noHeadline": "Başlıksız gönderi",
  "numbers.entryReactions": { one: "{count} tepki", other: "{count} tepki" },
  "numbers.chartTitle": "Dakika başına okur",
  "numbers.chartSummary": "{start} ile {end} arası: aynı anda en çok {max}, şu an {now}.",
  "numbers.chartBars": {
    one: "Her çubuk bir dakikadır.",
    other: "Her çubuk, {count} dakikanın en yoğun dakikasıdır.",
  },
  "numbers.chartEmpty": "Henüz okur sayılmadı.",
  "numbers.chartTable": "Tablo olarak dakika başına okur",
  "numbers.minute": "Dakika",
  "numbers.readers": "Okurlar",
  "numbers.download": "Dakika başına okurları indir (CSV)",
  "numbers.loading": "Yükleniyor…",

  // Pictures and embedded posts
  "picture.label": "Görsel",
  "picture.labelAlt": "Görsel: {alt}",
  "picture.close": "Görseli kapat",
  "embed.load": "{provider} {noun} yükle",
  "embed.notice":
    "Bu {provider} {noun} yüklediğinizde {source} içeriği gösterilir; {source} çerez yerleştirebilir ve hakkınızda veri toplayabilir.",
  "embed.always": "{provider} içeriklerine her zaman izin ver",
  "embed.stopAlways": "{provider} içeriklerini otomatik yüklemeyi durdur",
  "embed.notShown":
    "{source} içeriği bu sitede gösterilmiyor. Yukarıdaki bağlantıdan açabilirsiniz.",
  "embed.notShownUnknown":
    "Bu içerik bu sitede gösterilmiyor. Yukarıdaki bağlantıdan açabilirsiniz.",
  "embed.noun.video": "videosunu",
  "embed.noun.post": "gönderisini",
  "embed.noun.track": "parçasını",
  "embed.noun.playlist": "çalma listesini",
  "embed.noun.album": "albümünü",
  "embed.noun.episode": "bölümünü",
  "embed.noun.podcast": "podcast'ini",

  // Polls and reactions under an entry
  "poll.votes": { one: "{count} oy", other: "{count} oy" },
  "poll.optionResult": "{percent} ({votes})",
  "poll.yourVote": "oyunuz",
  "poll.closed": "Anket kapandı",
  "poll.closes": "Kapanış: {time}",
  "poll.noCookies": "Oylar, çerez kullanılmadan tarayıcı başına bir kez sayılır.",
  "poll.thanks": "Teşekkürler: oyunuz sayıldı.",
  "poll.alreadyVoted": "Bu ankette zaten oy vermiştiniz.",
  "poll.closedRefused": "Bu anket kapandı: oyunuz sayılmadı.",
  "poll.gone": "Bu anket değişti: oyunuz sayılmadı.",
  "poll.rateLimited": "Bağlantınızdan çok fazla oy geldi. Bir dakika sonra yeniden deneyin.",
  "poll.failed": "Oyunuz gönderilemedi. Bağlantınızı kontrol edip yeniden deneyin.",
  "reactions.label": "Tepkiler",
  "reactions.rateLimited":
    "Bağlantınızdan çok fazla tepki geldi. Bir dakika sonra yeniden deneyin.",
  "reactions.failed": "Tepkiniz gönderilemedi. Bağlantınızı kontrol edip yeniden deneyin.",
  "reaction.like": "Beğendim",
  "reaction.love": "Bayıldım",
  "reaction.wow": "Şaşırdım",
  "reaction.sad": "Üzüldüm",
  "reaction.clap": "Alkış",
};
