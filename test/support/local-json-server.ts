// A loopback JSON server: what the fakes of outside services are built on.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonReply {
  status: number;
  body: unknown;
}

export type JsonHandler = (req: IncomingMessage, body: Buffer) => JsonReply;

/** Loopback HTTP server shared by the provider fakes: buffers the request body, answers JSON. */
export class LocalJsonServer {
  private server: Server | undefined;

  constructor(private readonly handle: JsonHandler) {}

  async start(): Promise<{ endpoint: string }> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let reply: JsonReply;
        try {
          reply = this.handle(req, Buffer.concat(chunks));
        } catch (e) {
          reply = { status: 500, body: { error: String(e) } };
        }
        res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return { endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections(); // SDK agents may hold keep-alive sockets open
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }
}
