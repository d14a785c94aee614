import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_MASTODON_EMBED_INSTANCES, parseConfig } from "../../server/config.js";

describe("MASTODON_EMBED_INSTANCES", () => {
  it("defaults to the large servers and the journalists' ones", () => {
    expect(parseConfig({}).mastodonEmbedInstances).toEqual(DEFAULT_MASTODON_EMBED_INSTANCES);
    expect(DEFAULT_MASTODON_EMBED_INSTANCES).toEqual(
      expect.arrayContaining(["mastodon.social", "journa.host", "newsie.social"]),
    );
  });

  it("takes host names, comma separated, lower-cased and without repeats, or off for none", () => {
    expect(
      parseConfig({ MASTODON_EMBED_INSTANCES: " Journa.Host,social.example.org ,journa.host" })
        .mastodonEmbedInstances,
    ).toEqual(["journa.host", "social.example.org"]);
    expect(parseConfig({ MASTODON_EMBED_INSTANCES: "off" }).mastodonEmbedInstances).toEqual([]);
  });

  it.each([
    ["a URL", "https://mastodon.social"],
    ["a host with a port", "mastodon.social:443"],
    ["an address", "10.0.0.1"],
    ["a single label", "localhost"],
    ["an empty item", "mastodon.social,,journa.host"],
  ])("refuses %s, naming the variable", (_name, value) => {
    expect(() => parseConfig({ MASTODON_EMBED_INSTANCES: value })).toThrow(ConfigError);
    expect(() => parseConfig({ MASTODON_EMBED_INSTANCES: value })).toThrow(
      /MASTODON_EMBED_INSTANCES must be off or host names/,
    );
  });
});
