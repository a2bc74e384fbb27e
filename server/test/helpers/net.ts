/**
 * Loopback helpers of the tests that start real servers (Dovecot, Redis, the cluster's
 * instances): a free port, and a probe that a server there answers as expected.
 */
import { connect, createServer, type AddressInfo } from 'node:net';

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Whether a server on 127.0.0.1:`port` answers within `timeoutMs`: connects, writes `send` (if
 * any) once connected, and resolves with `judge(text)` once it returns true or false for the
 * text received so far (latin1); undefined means "wait for more". False on error or timeout.
 */
export async function answers(
  port: number,
  options: { send?: string; timeoutMs: number; judge: (text: string) => boolean | undefined },
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(options.timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    if (options.send !== undefined) socket.on('connect', () => socket.write(options.send!));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const verdict = options.judge(text);
      if (verdict !== undefined) done(verdict);
    });
  });
}
