/**
 * A TCP relay in front of the test PostgreSQL whose behaviour a test switches, to take the
 * database "down" (connections refused, open ones cut: a stopped server) or "frozen" (open
 * connections kept but carrying nothing, new ones never answered: a hung server). Used by
 * test/database-faults.test.ts, test/database-outage.test.ts and test/pg-client.test.ts.
 */
import net from 'node:net';

/** A TCP relay to `target` whose behaviour the test switches. */
export function createRelay(target: { host: string; port: number }) {
  let mode: 'up' | 'down' | 'frozen' = 'up';
  const pairs = new Set<[net.Socket, net.Socket | null]>();
  const server = net.createServer((client) => {
    if (mode === 'down') return void client.destroy();
    const pair: [net.Socket, net.Socket | null] = [client, null];
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair[1]?.destroy();
      pairs.delete(pair);
    });
    if (mode === 'frozen') return; // accepted, never answered
    const upstream = net.connect(target);
    pair[1] = upstream;
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return {
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as net.AddressInfo).port;
    },
    /** Connections refused and the open ones cut, as when the server stops. */
    down() {
      mode = 'down';
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream?.destroy();
      }
    },
    /** Open connections stay open but carry nothing, and new ones are never answered. */
    freeze() {
      mode = 'frozen';
      for (const [client, upstream] of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    /** Back to relaying; the frozen connections are cut (their queries are long given up). */
    up() {
      if (mode === 'frozen') {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream?.destroy();
        }
      }
      mode = 'up';
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** A relay made by createRelay. */
export type DatabaseRelay = ReturnType<typeof createRelay>;

/**
 * A relay (createRelay) in front of the database at `databaseUrl`, listening, and the URL that
 * reaches that database through it (the same credentials and database, the relay's port).
 */
export async function relayDatabase(
  databaseUrl: string,
): Promise<{ relay: DatabaseRelay; url: string }> {
  const target = new URL(databaseUrl);
  const relay = createRelay({ host: target.hostname, port: Number(target.port) });
  const relayed = new URL(databaseUrl);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(await relay.listen());
  return { relay, url: relayed.toString() };
}
