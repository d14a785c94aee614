/**
 * POST /api/media from the desk, with XMLHttpRequest rather than fetch: only XHR reports how
 * much of a request body has been sent (`upload.onprogress`), which is what the progress bar
 * shows. Multipart, with the picture in `file` and its alt, caption, credit and decorative
 * fields next to it; the session cookie goes along as with every desk write, and the browser's
 * Origin header is what the server's CSRF check reads (server/auth/middleware.ts).
 */
import { isErrorCode } from "../../shared/error-codes.js";
import type { Media } from "../../shared/media.js";
import { ApiError } from "../common/api.js";

export interface PictureFields {
  alt: string;
  caption: string;
  credit: string;
  decorative: boolean;
}

/** What went wrong, in the words an editor needs (the server's message for anything else). */
const PLAIN: Record<number, string> = {
  413: "This file is too big to upload. Save it smaller (fewer pixels or a lower quality) and try again.",
  415: "This file is not a picture the desk takes: upload a JPEG, PNG, WebP, AVIF or GIF.",
  422: "The picture could not be read: the file may be damaged, or have too many pixels. Export it again and retry.",
  429: "Too many uploads in a short time. Wait a minute, then try again.",
};

function failure(xhr: XMLHttpRequest): ApiError {
  let error: { code?: unknown; message?: string; details?: unknown[] } | undefined;
  try {
    error = (JSON.parse(xhr.responseText) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  return new ApiError(
    xhr.status,
    isErrorCode(error?.code) ? error.code : "http_error",
    PLAIN[xhr.status] ?? error?.message ?? `The server answered ${xhr.status}.`,
    error?.details,
  );
}

export interface Upload {
  /** The stored picture's record, or an ApiError (status 0 when the server was not reached). */
  done: Promise<Media>;
  abort(): void;
}

/** Sends `file`; `progress` gets the share of it sent so far, from 0 to 1. */
export function uploadPicture(
  file: File,
  fields: PictureFields,
  progress: (sent: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Media>((resolve, reject) => {
    xhr.open("POST", "/api/media");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) progress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status !== 201) return reject(failure(xhr));
      try {
        resolve(JSON.parse(xhr.responseText) as Media);
      } catch {
        reject(new ApiError(xhr.status, "http_error", "The server's answer was not readable."));
      }
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          "network",
          "The upload did not reach the server. Check your connection and try again.",
        ),
      );
    xhr.onabort = () => reject(new ApiError(0, "network", "The upload was cancelled."));
    const form = new FormData();
    // The text fields first: a server reading the stream has them before the bytes.
    form.append("alt", fields.alt);
    form.append("caption", fields.caption);
    form.append("credit", fields.credit);
    form.append("decorative", String(fields.decorative));
    form.append("file", file, file.name || "pasted-image");
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
