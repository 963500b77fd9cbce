import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttpRequest } from './send-http-request.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

const post = (url: string) =>
  sendHttpRequest({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"a":1}',
    onAbort: () => () => undefined,
  });

describe('sendHttpRequest', () => {
  it('posts the body with its length and reads status, headers and text', async () => {
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        response.writeHead(201, { 'x-seen': `${request.headers['content-length']} ${body}` }).end('ok ✓');
      });
    });
    const response = await post(url);
    expect(response).toMatchObject({ status: 201, ok: true });
    expect(response.headers.get('X-Seen')).toBe('7 {"a":1}');
    expect(await response.text()).toBe('ok ✓');
  });

  it('decompresses a gzip body', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('data: zipped\n\n'));
    });
    expect(await (await post(url)).text()).toBe('data: zipped\n\n');
  });

  it('sends again once when a reused keep-alive socket turns out to be closed', async () => {
    let requests = 0;
    const url = await serve((request, response) => {
      requests += 1;
      // The second request arrives on the kept-alive socket: drop it without an answer.
      if (requests === 2) request.socket.destroy();
      else response.end(`answer ${requests}`);
    });
    expect(await (await post(url)).text()).toBe('answer 1');
    expect(await (await post(url)).text()).toBe('answer 3');
  });

  it('does not send again when a kept-alive socket dies while the server works on the request', async () => {
    let requests = 0;
    const url = await serve((request, response) => {
      requests += 1;
      // The second request is received, worked on for a while, then its connection dies.
      if (requests === 2) setTimeout(() => request.socket.destroy(), 600);
      else response.end(`answer ${requests}`);
    });
    expect(await (await post(url)).text()).toBe('answer 1');
    await expect(post(url)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(requests).toBe(2);
  });

  it('rejects with the network error code when nobody listens', async () => {
    const url = await serve((_request, response) => response.end());
    server!.close();
    await expect(post(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
