import { connect, createServer, type Socket } from 'node:net';

export interface StallingProxy {
  /** redis://127.0.0.1:<port> — the real server behind the proxy. */
  url: string;
  /** From now on replies are swallowed: the server looks hung (connected, never answering). */
  stall(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the real Redis that can stop forwarding its replies: the fault a command
 * deadline exists for (a hung server or a black-holed network), which a closed port does not show.
 */
export async function startStallingProxy(targetUrl: string): Promise<StallingProxy> {
  const target = new URL(targetUrl);
  let stalled = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (!stalled) client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    stall: () => {
      stalled = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
