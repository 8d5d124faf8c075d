// Serves the demo on http://localhost:8000 (PORT to change it): the page, the standalone build, and a token endpoint.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 8000);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** Maps a URL path to a file under demo/ or standalone/, and nothing outside them. */
function fileFor(pathname) {
  const [base, rest] = pathname.startsWith('/standalone/') ? ['standalone', pathname.slice(12)] : ['demo', pathname.slice(1) || 'index.html'];
  const dir = join(root, base);
  const file = normalize(join(dir, decodeURIComponent(rest)));
  return file.startsWith(dir) && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function tokenEndpoint(req, res) {
  res.setHeader('Content-Type', 'application/json');
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end(JSON.stringify({ error: 'Use POST.' }));
    return;
  }
  // Real tokens need an Azure Communication Services resource; this demo server does not issue them yet.
  res.writeHead(503).end(JSON.stringify({ error: 'No ACS resource is configured for this demo server.' }));
}

createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/api/acs-token') return tokenEndpoint(req, res);
  const file = fileFor(pathname);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(res);
}).listen(port, 'localhost', () => {
  console.log(`teams-call-button demo: http://localhost:${port}/`);
});
