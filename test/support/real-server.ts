/**
 * A real HTTP server on 127.0.0.1 for the faults MSW cannot fake: sockets reset by the peer,
 * servers that never answer, hundreds of concurrent connections.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RealServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests received so far. */
  requests: { method: string; url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startRealServer(handle: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<RealServer> {
  const requests: RealServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    handle(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
