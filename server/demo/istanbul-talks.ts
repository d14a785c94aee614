/**
 * The demo blog a newcomer sees on the first `npm start`: the Istanbul negotiations, condensed
 * from shared/seeds/istanbul-talks.txt into short updates, oldest first, each at its time in the
 * story as minutes before the seeding: about two hours of coverage that ends a few minutes ago.
 */
import type { CreateBlogInput, CreateEntryInput } from "../../shared/schemas.js";

/** One update of the story and when it was posted, in minutes before the demo is seeded. */
export interface DemoEntry {
  minutesAgo: number;
  entry: CreateEntryInput;
}

export const demoBlog: CreateBlogInput = {
  id: "istanbul-talks",
  title: "Russia-Ukraine negotiations in Istanbul",
  description:
    "Live: the Russian and Ukrainian delegations meet face to face in Istanbul, with Turkey as host and go-between.",
  // Written in English, told in Istanbul's time: entry times read as the newsroom there saw them.
  language: "en",
  timeZone: "Europe/Istanbul",
};

/**
 * The timeline, oldest first. The pinned explainer comes where the story needs it, right after
 * Istanbul was chosen; the delegation's arrival is the newest. Gaps vary as a real desk's do.
 */
export const demoTimeline: readonly DemoEntry[] = [
  {
    minutesAgo: 118,
    entry: {
      headline: "Antalya set the stage",
      body: "Before Istanbul came Antalya: the two foreign ministers met at the diplomatic forum on **March 10**, the highest-level contact since the war began. No ceasefire, but both sides said similar talks could follow.",
    },
  },
  {
    minutesAgo: 104,
    entry: {
      headline: "Delegations will meet in Turkey, March 28-30",
      body: "Ukrainian negotiator David Alacamia says the delegations will meet in Turkey from March 28 to 30. The sides have already met three times at the Belarusian border and continued by video conference.",
    },
  },
  {
    minutesAgo: 89,
    entry: {
      headline: "Erdogan and Putin agree on Istanbul",
      body: "President Recep Tayyip Erdogan spoke with Vladimir Putin by phone about the war and the negotiations. They agreed that the next round will be held **in Istanbul**.",
      keyEvent: true,
    },
  },
  {
    minutesAgo: 81,
    entry: {
      headline: "Why Istanbul",
      body: "Turkey has kept talking to both Moscow and Kyiv since the war began on February 24. Erdogan says he held more than 40 meetings or calls with leaders in March alone.\n\n- Host of the Antalya forum\n- Go-between for both capitals\n- NATO member with a neutral line",
      pinned: true,
    },
  },
  {
    minutesAgo: 70,
    entry: {
      headline: "Ankara: we will keep pushing for an end to the war",
      body: "> The next meeting of the Russian-Ukraine negotiation delegation will be held in Istanbul. Our initiative and efforts will continue to move the negotiations forward and end the war as soon as possible.\n\nPresidential spokesperson Ibrahim Kalin, on Twitter.",
    },
  },
  {
    minutesAgo: 57,
    entry: {
      headline: "Foreign minister: Turkey carries the trust of both sides",
      body: "Turkey's foreign minister says the meeting comes from President Erdogan's initiative and that Ankara recognises its responsibility to both parties. He hopes it leads to a permanent ceasefire and peace.",
    },
  },
  {
    minutesAgo: 43,
    entry: {
      headline: "Kremlin: meeting face to face matters in itself",
      body: 'Kremlin spokesman Dmitry Peskov says the delegations travel to Turkey today and that "even the decision to start face-to-face negotiations is important in itself". Talks could begin tomorrow.',
    },
  },
  {
    minutesAgo: 29,
    entry: {
      headline: "Kyiv lowers expectations",
      body: 'Ukrainian officials say no significant results should be expected. Vadim Denisenko, adviser to the interior ministry: "I don\'t think there are any changes to the major issues."',
      // Readers' votes and reactions (issue 16): the demo shows a poll open for votes.
      poll: {
        question: "What will this round of talks bring?",
        options: ["A ceasefire", "Another round of talks", "Nothing"],
      },
    },
  },
  {
    minutesAgo: 16,
    entry: {
      headline: "Russian foreign minister hopes for success",
      body: 'Russia\'s foreign minister says face-to-face talks resume today and tomorrow in Istanbul: "We hope that the negotiations will be completed successfully."',
    },
  },
  {
    minutesAgo: 4,
    entry: {
      headline: "Russian delegation lands in Istanbul",
      body: "The Russian delegation arrived in Istanbul at 16:00. Deputy Defence Minister Alexander Fomin has joined it.",
      keyEvent: true,
    },
  },
];
