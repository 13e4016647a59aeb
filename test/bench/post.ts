// The benches' timed HTTP client: node:http with kept-alive sockets, the body written once, the
// answer read as one string. Why not `fetch`: Node's fetch (undici behind the WHATWG API: streams,
// Headers and Response objects) spends about 0.5 ms of JavaScript per request on this machine
// (measured sequentially against the in-process graph: end to end p50 6.70 ms with fetch, 6.14 ms
// with this client, the same requests alternated). A bench on two cores shares them with the
// servers it measures, so that is time added to every latency and CPU taken from every server.
// Load generators do the same (autocannon writes its requests on raw sockets).
import http from 'node:http';

export interface PostAnswer {
  status: number;
  text: string;
}

/** One keep-alive connection pool per caller: `sockets` is how many requests it has in flight at most. */
export function keptAlive(sockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: sockets });
}

/** POSTs `body` to `url` through `agent` and reads the whole answer. */
export function post(url: URL, headers: Record<string, string>, body: string, agent: http.Agent): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
