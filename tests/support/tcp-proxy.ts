/**
 * A TCP proxy that breaks the network path on command, for fault tests: put it between one
 * instance and Redis and the instance loses Redis while everything else keeps it.
 * - `cut()`: every open connection is reset and new ones are refused, until `restore()`.
 * - `silence()`: every connection open now goes quiet for good, without a reset or a close;
 *   bytes are dropped both ways, as when a NAT or firewall forgets a connection. Only a
 *   heartbeat notices that. New connections work.
 * - `delay(marker, ms, direction)`: a chunk that contains `marker`, and whatever follows it on
 *   that connection in that direction, arrives `ms` late. Delaying Redis' reply to a write
 *   makes the client give up on a write that happened: the acknowledgement is lost.
 * - `refuse(marker)`: a connection is reset as soon as the client sends `marker` (such as the
 *   name it gives itself with CLIENT SETNAME), until `restore()`: one of an instance's
 *   connections stays down while the others work.
 */
import { createServer, Socket, type Server } from "node:net";

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  cut(): void;
  silence(): void;
  delay(marker: string, ms: number, direction?: Direction): void;
  refuse(marker: string): void;
  restore(): void;
  /** How many connections were opened through the proxy so far. */
  readonly connections: number;
  close(): Promise<void>;
}

type Direction = "to-redis" | "from-redis";

interface Pair {
  client: Socket;
  upstream: Socket;
  silent: boolean;
  /** Bytes go through one chain per direction, so a delayed chunk holds back later ones. */
  chains: Record<Direction, Promise<void>>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let refusing = false;
  let connections = 0;
  let delayed: { marker: string; ms: number; direction: Direction } | undefined;
  let refused: string | undefined;

  const server: Server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    connections += 1;
    const upstream = new Socket();
    const pair: Pair = {
      client,
      upstream,
      silent: false,
      chains: { "to-redis": Promise.resolve(), "from-redis": Promise.resolve() },
    };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    const forward = (direction: Direction, to: Socket) => (chunk: Buffer) => {
      if (direction === "to-redis" && refused && chunk.includes(refused)) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      const hold =
        delayed?.direction === direction && chunk.includes(delayed.marker) ? delayed.ms : 0;
      pair.chains[direction] = pair.chains[direction].then(async () => {
        if (hold) await new Promise((resolve) => setTimeout(resolve, hold));
        if (!pair.silent && !to.destroyed) to.write(chunk);
      });
    };
    client.on("data", forward("to-redis", upstream));
    upstream.on("data", forward("from-redis", client));
    // A silent pair stays open whatever happens on the other side: that is the fault.
    client.on("close", () => pair.silent || forget());
    upstream.on("close", () => pair.silent || forget());
    client.on("error", () => {});
    upstream.on("error", () => {});
    upstream.connect(targetPort, "127.0.0.1");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy did not get a port");

  return {
    port: address.port,
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut() {
      refusing = true;
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
      pairs.clear();
    },
    silence() {
      for (const pair of pairs) pair.silent = true;
    },
    delay(marker, ms, direction = "to-redis") {
      delayed = { marker, ms, direction };
    },
    refuse(marker) {
      refused = marker;
    },
    restore() {
      refusing = false;
      delayed = undefined;
      refused = undefined;
    },
    get connections() {
      return connections;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
