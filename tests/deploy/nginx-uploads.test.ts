/**
 * Picture uploads through deploy/nginx.conf: nginx's body limit for the rest of the API (1 MB)
 * would refuse every photo, so /api/media has its own, above MEDIA_MAX_BYTES, and streams the
 * body to the app, which then answers a too-large upload with its own 413 in the JSON shape.
 */
import { describe, expect, it } from "vitest";
import { bearer } from "../support/instance.js";
import { useSite } from "../support/fixtures.js";
import { useNginx } from "../support/nginx.js";
import { photo } from "../support/pictures.js";

const MAX_BYTES = 4 * 1024 * 1024;
const site = useSite({ redis: false, env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } });
const nginx = useNginx(() => site.server, "uploads");

const send = (bytes: Buffer) => {
  const form = new FormData();
  form.set("alt", "Crowd outside the palace");
  form.set("file", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "crowd.jpg");
  return fetch(`${nginx.url}/api/media`, { method: "POST", headers: bearer, body: form });
};

describe("uploads behind nginx", () => {
  it("passes a photo far above nginx's 1 MB API limit to the app, which stores it", async () => {
    const bytes = await photo(4000, 2600);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    expect(bytes.length).toBeLessThan(MAX_BYTES);
    const res = await send(bytes);
    expect(res.status).toBe(201);
    const media = (await res.json()) as { id: string };
    expect((await site.server.store.media.getMedia(media.id))?.alt).toBe(
      "Crowd outside the palace",
    );
  });

  it("lets the app refuse a body above MEDIA_MAX_BYTES with its own 413, in the API's shape", async () => {
    const res = await send(Buffer.concat([await photo(400, 300), Buffer.alloc(MAX_BYTES)]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "payload_too_large",
    );
  });
});
