/**
 * Binding the port, with the failures a newcomer meets (the port taken by another program, a
 * port below 1024, a HOST that is not this machine's) said in one plain line instead of a stack.
 */
import type { Server } from "node:http";

/** A port that cannot be listened on; the message is the whole story, fit to print as it is. */
export class ListenError extends Error {
  override name = "ListenError";
}

function explain(err: NodeJS.ErrnoException, port: number, host: string): Error {
  const other = `PORT=${port === 3001 ? 3002 : 3001} npm start`;
  switch (err.code) {
    case "EADDRINUSE":
      return new ListenError(
        `Port ${port} is already in use by another program (another liveblog?); stop it, or choose another port: ${other}`,
      );
    case "EACCES":
      return new ListenError(
        `Port ${port} may not be opened by this user (ports below 1024 need privileges); choose another port: ${other}`,
      );
    case "EADDRNOTAVAIL":
      return new ListenError(
        `HOST ${host} is not an address of this machine; leave HOST unset to listen on all of them.`,
      );
    default:
      return err;
  }
}

/**
 * Connections the kernel holds for the server while it is busy (capped by the kernel's
 * net.core.somaxconn, 4096 on current Linux). Node's default is 511: in a burst of new
 * connections (ten thousand readers voting within seconds, each vote a request nginx opens a
 * connection for) the rest were dropped, and a dropped connection is only tried again after 1,
 * 3, 7... seconds, which is how votes took 30 to 70 s to be answered in the vote storm.
 */
export const LISTEN_BACKLOG = 4096;

/** Resolves once `server` listens on `port`; rejects with a ListenError for the usual mistakes. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      server.off("listening", listening);
      reject(explain(err, port, host));
    };
    const listening = () => {
      server.off("error", failed);
      resolve();
    };
    server.once("error", failed);
    server.once("listening", listening);
    server.listen({ port, host, backlog: LISTEN_BACKLOG });
  });
}
