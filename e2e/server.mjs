// A static file server for dist/ on 127.0.0.1: `node e2e/server.mjs DIR [PORT]` serves DIR and
// prints its URL; the browser tests import `serve`. The same files are also served under
// /nested/folder/, to prove the bundle works from a sub-folder of a docs site.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export const NESTED_PREFIX = '/nested/folder';

/**
 * Serves `root` on 127.0.0.1; resolves to `{ url, close() }`. Port 0 picks a free port. With
 * `brotli`, every file goes out brotli-compressed (quality 11, as a CDN would serve it), for the
 * benchmark's bytes-on-the-wire and throttled timings.
 */
export function serve(root, port = 0, { headers = {}, brotli = false } = {}) {
  const base = path.resolve(root);
  const compressed = new Map();
  const encode = (file, body) => {
    if (!compressed.has(file)) {
      compressed.set(file, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
    return compressed.get(file);
  };
  const server = http.createServer(async (request, response) => {
    try {
      let pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      if (pathname.startsWith(NESTED_PREFIX + '/')) pathname = pathname.slice(NESTED_PREFIX.length);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(base, '.' + pathname);
      if (file !== base && !file.startsWith(base + path.sep)) throw new Error('outside root');
      const body = await fs.readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(brotli ? { 'content-encoding': 'br', vary: 'accept-encoding' } : {}),
        ...headers,
      });
      response.end(brotli ? encode(file, body) : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await serve(root, Number(port));
  console.log(`Kasm Topology Planner: ${url}  (Ctrl+C to stop)`);
}
