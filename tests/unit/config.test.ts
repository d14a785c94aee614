import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../server/config.js";

describe("parseConfig", () => {
  it("gives the documented defaults for an empty environment (embedded mode)", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      redisUrl: undefined,
      historyLimit: 1000,
      publicOrigins: [],
      demo: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats empty variables as unset and parses lists and numbers", () => {
    const config = parseConfig({
      PORT: "8080",
      REDIS_URL: "",
      PUBLIC_ORIGIN: "https://news.example/, https://www.news.example",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      port: 8080,
      redisUrl: undefined,
      publicOrigins: ["https://news.example", "https://www.news.example"],
      trustProxy: 1,
    });
  });

  it("lists every problem at once, naming the variable and what is expected", () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: "eighty",
        REDIS_URL: "http://redis",
        ADMIN_TOKEN: "short",
        LOG_LEVEL: "loud",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/^PORT /m);
    expect(problems).toMatch(/^REDIS_URL must start with redis:\/\/ or rediss:\/\//m);
    expect(problems).toMatch(/^ADMIN_TOKEN must be at least 24 characters/m);
    expect(problems).toMatch(/^LOG_LEVEL /m);
  });

  it("takes REDIS_URL without SESSION_SECRET (the instances agree on one), and keeps an explicit one", () => {
    expect(parseConfig({ REDIS_URL: "redis://localhost:6379" })).toMatchObject({
      redisUrl: "redis://localhost:6379",
      sessionSecret: undefined,
    });
    expect(
      parseConfig({ REDIS_URL: "rediss://:pw@redis.example:6380", SESSION_SECRET: "s".repeat(32) })
        .sessionSecret,
    ).toBe("s".repeat(32));
  });
});
