import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a real server (PostgreSQL, Redis) that can play the faults a closed port cannot. */
export interface FaultProxy {
  port: number;
  /** Connections stay open but nothing is forwarded either way: a hung server or a black-holed network. */
  freeze(): void;
  /** Existing connections are cut and new ones refused (the port is closed): a server that is down. */
  refuse(): Promise<void>;
  /** Back to forwarding; a refused port listens again, frozen bytes flow on. */
  heal(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(targetHost: string, targetPort: number, port = 0): Promise<FaultProxy> {
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  const onConnection = (client: Socket) => {
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    // Frozen means paused reads: bytes wait in the kernel buffers and are delivered on heal().
    if (frozen) {
      client.pause();
      upstream.pause();
    }
    // Plain forwarding rather than pipe(): pipe() resumes a source on 'drain', which would end a freeze.
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => client.write(d));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  };
  const listen = async (server: Server, on: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : on);
      });
    });
  let server: Server | null = createServer(onConnection);
  const bound = await listen(server, port);
  const stop = async () => {
    const s = server;
    server = null;
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port: bound,
    freeze() {
      frozen = true;
      for (const [a, b] of pairs) {
        a.pause();
        b.pause();
      }
    },
    refuse: stop,
    async heal() {
      frozen = false;
      for (const [a, b] of pairs) {
        a.resume();
        b.resume();
      }
      if (!server) {
        server = createServer(onConnection);
        await listen(server, bound);
      }
    },
    close: stop,
  };
}
