/**
 * The editors' live channel: `desk:subscribe {blogId}` joins a blog's desk, which then gets every
 * DeskEvent of that blog as `desk:event` (drafts as they are saved and removed, and, for editors
 * and admins only, the audit trail). Only a socket whose handshake carried the session of a
 * person who works on the blog may join; the session is read again at every join, so a person
 * logged out or deactivated since the socket connected is refused. Readers' sockets cannot join.
 */
import type { Server } from "socket.io";
import type { DeskEvent } from "../../shared/events.js";
import { deskSubscribeSchema } from "../../shared/schemas.js";
import { SESSION_COOKIE } from "../auth/middleware.js";
import { hasRole, worksOn } from "../auth/roles.js";
import type { AuthService } from "../auth/service.js";
import { forbidden, notFound, unauthorized } from "../errors.js";
import { parse } from "../http/validate.js";
import type { Store } from "../store/port.js";

/** Everyone at a blog's desk: drafts. */
const deskRoom = (blogId: string) => `desk:${blogId}`;
/** Its editors and admins: the audit trail too (contributors do not read it). */
const editorsRoom = (blogId: string) => `desk-editors:${blogId}`;

const SESSION_IN_COOKIE = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`);
/** The session id in a handshake's Cookie header, if there is one that can be read. */
export const sessionIdOf = (cookie: string | undefined): string | undefined => {
  const raw = SESSION_IN_COOKIE.exec(cookie ?? "")?.[1];
  try {
    return raw && decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

/** What of a socket the desk needs. */
export interface DeskSocket {
  connected: boolean;
  handshake: { headers: { cookie?: string } };
  join(room: string): unknown;
  leave(room: string): unknown;
}

export function createDeskChannel({
  io,
  store,
  auth,
}: {
  io: Pick<Server, "to">;
  store: Pick<Store, "blogs" | "desk">;
  auth: Pick<AuthService, "editorForSession">;
}) {
  // Every instance hears every blog's desk events; each hands them to its own sockets.
  store.desk.onEvent((event: DeskEvent) => {
    const room = event.type === "audit" ? editorsRoom(event.blogId) : deskRoom(event.blogId);
    io.to(room).emit("desk:event", event);
  });

  return {
    async join(socket: DeskSocket, payload: unknown): Promise<null> {
      const { blogId } = parse(deskSubscribeSchema, payload, "desk subscription");
      const sessionId = sessionIdOf(socket.handshake.headers.cookie);
      if (!sessionId)
        throw unauthorized(
          "The editors' channel is for people signed in on the desk; sign in at /admin first.",
        );
      const identity = await auth.editorForSession(sessionId);
      if (!identity) throw unauthorized("Your session has ended; log in again.");
      if (!(await worksOn(identity, blogId, store.blogs)))
        throw forbidden(
          `You are not on the team of blog "${blogId}"; ask an editor to add you to it.`,
        );
      if (!(await store.blogs.getBlog(blogId))) throw notFound(`Blog "${blogId}"`);
      // Gone while the store was asked: a room joined now would keep it forever.
      if (!socket.connected) return null;
      void socket.join(deskRoom(blogId));
      if (hasRole(identity, "editor")) void socket.join(editorsRoom(blogId));
      return null;
    },

    async leave(socket: DeskSocket, payload: unknown): Promise<null> {
      const { blogId } = parse(deskSubscribeSchema, payload, "desk unsubscription");
      void socket.leave(deskRoom(blogId));
      void socket.leave(editorsRoom(blogId));
      return null;
    },
  };
}
