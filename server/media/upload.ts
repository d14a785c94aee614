/**
 * Reading an upload's multipart form (multer, into memory) without reading more than the limit
 * allows: a body that says it is too large is refused before any of it is read, one that comes
 * without a size (chunked) as soon as it passes the limit, and either way the connection is
 * closed after the answer, so that the client stops sending.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import multer, { MulterError } from "multer";
import { AppError, badRequest, notMultipart, pictureTooLarge } from "../errors.js";

/** Room for the form around the picture: boundaries, part headers and the few text fields. */
export const FORM_OVERHEAD_BYTES = 64 * 1024;

/** What the form may hold besides the picture: alt, caption, credit, decorative. */
const FORM_LIMITS = { files: 1, fields: 8, parts: 10, fieldSize: 8 * 1024, fieldNameSize: 100 };

/**
 * Refuses what can be refused from the headers alone: a body that is not a multipart form
 * (415), or whose Content-Length is over the limit (413). Put before the rate limit, so that a
 * mistake does not count against the editor.
 */
export function checkUploadHeaders(maxBytes: number): RequestHandler {
  return (req, _res, next) => {
    if (!req.is("multipart/form-data")) throw notMultipart(req.get("content-type"));
    if (Number(req.get("content-length")) > maxBytes + FORM_OVERHEAD_BYTES) {
      throw pictureTooLarge(maxBytes);
    }
    next();
  };
}

/** multer's and busboy's refusals, said in our words. */
function fromMulter(err: unknown, maxBytes: number): unknown {
  if (!(err instanceof MulterError)) {
    // busboy's: a form cut short ("Unexpected end of form") or malformed.
    if (err instanceof Error && !(err instanceof AppError)) {
      return badRequest(
        "validation_failed",
        `The multipart form cannot be read (${err.message}); send it again as multipart/form-data.`,
      );
    }
    return err;
  }
  switch (err.code) {
    case "LIMIT_FILE_SIZE":
      return pictureTooLarge(maxBytes);
    case "LIMIT_UNEXPECTED_FILE":
    case "LIMIT_FILE_COUNT":
      return badRequest(
        "validation_failed",
        `Send one picture per request, in a field called file${err.field && err.field !== "file" ? ` (this form has one in "${err.field.slice(0, 100)}")` : ""}.`,
      );
    case "LIMIT_FIELD_VALUE":
      return badRequest(
        "validation_failed",
        `The form field "${err.field?.slice(0, 100) ?? ""}" is too long for an upload's text.`,
      );
    default:
      return badRequest(
        "validation_failed",
        "The form has more fields than an upload takes: send file, and optionally alt, caption, credit and decorative.",
      );
  }
}

/**
 * Reads the form into `req.file` (the picture's bytes in memory) and `req.body` (its text
 * fields). Counts the bytes as they arrive, so that a chunked body over the limit is answered
 * 413 at once rather than after multer has drained all of it.
 */
export function readUpload(maxBytes: number): RequestHandler {
  const form = multer({
    storage: multer.memoryStorage(),
    limits: { ...FORM_LIMITS, fileSize: maxBytes },
  }).single("file");
  const maxBody = maxBytes + FORM_OVERHEAD_BYTES;

  return (req, res, next) => {
    let answered = false;
    const answer = (err?: unknown) => {
      if (answered) return;
      answered = true;
      next(err);
    };
    let received = 0;
    // Attached in the same tick as multer's pipe, so both see every chunk.
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBody) answer(pictureTooLarge(maxBytes));
    });
    form(req, res, (err?: unknown) => answer(err ? fromMulter(err, maxBytes) : undefined));
  };
}

/** How long a refused body is still read (and dropped) after the answer, before closing. */
export const LINGER_MS = 2_000;

/**
 * For the upload route's errors: when the body was not all read (refused by its headers, by
 * auth, or cut off at the limit), the answer says `Connection: close` and the connection closes
 * after it, instead of reading the rest of a body that nobody will use.
 *
 * Not at once, though: Node closes the socket as soon as such an answer is written, and closing
 * with unread bytes sends a TCP reset, which can make the client lose the answer before it read
 * it (Node's own client then reports EPIPE, not the 413). As nginx's lingering_close does, our
 * side is ended after the answer, what still arrives is dropped for LINGER_MS at most, and then
 * the socket is closed; a client that stops sending on the answer closes it sooner.
 */
export const closeUnreadBody: ErrorRequestHandler = (err, req, res, next) => {
  if (!req.complete) {
    const socket = req.socket;
    res.set("Connection", "close");
    res.once("finish", () => {
      // Node's destroySoon() ended our side and waits for that to flush to destroy the socket.
      socket.removeListener("finish", socket.destroy);
      const linger = setTimeout(() => socket.destroy(), LINGER_MS);
      linger.unref();
      socket.once("close", () => clearTimeout(linger));
    });
  }
  next(err);
};
