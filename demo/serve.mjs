// The demo server: http://localhost:8000 (PORT to change it). It serves the demo page and the standalone build.
// With ACS_CONNECTION_STRING it issues real tokens through the reference token provider, and the buttons place real
// calls (to TEAMS_USER_ID, or the ID typed in the page); without it the page runs in simulation, and the advisors'
// availability is scripted here: Dr. Lee is Available, then in a call, in turns of 20 seconds; Marco is Away; the
// page's settings form can ask for any availability (`?script=Busy`).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCallbackHandler, createTokenHandler } from '../dist/server/index.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 8000);
const origin = `http://localhost:${port}`;
const connectionString = process.env.ACS_CONNECTION_STRING;
const config = { mode: connectionString ? 'live' : 'simulation', teamsUserId: process.env.TEAMS_USER_ID ?? '' };
const issueToken = connectionString ? createTokenHandler({ connectionString, allowedOrigins: [origin] }) : undefined;

// Callback requests go through the real callback endpoint to an inbox on this server, which logs that one arrived.
const CALLBACK_INBOX = '/demo-callback-inbox';
const requestCallback = createCallbackHandler({
  destination: { webhookUrl: `${origin}${CALLBACK_INBOX}` },
  allowedOrigins: [origin],
});

/**
 * A strict Content-Security-Policy: no inline script or style, no eval. What the calling SDK needs on top of 'self'
 * (see README, "Content-Security-Policy"): Blob-URL workers, and connections to Azure Communication Services.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' https://*.communication.azure.com https://*.communication.microsoft.com " +
    'wss://*.communication.microsoft.com https://*.skype.com wss://*.skype.com https://*.events.data.microsoft.com',
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Maps a URL path to a file under demo/ or standalone/, and nothing outside them. */
function fileFor(pathname) {
  const [base, rest] = pathname.startsWith('/standalone/')
    ? ['standalone', pathname.slice('/standalone/'.length)]
    : ['demo', pathname.slice(1) || 'index.html'];
  const dir = join(root, base);
  const file = normalize(join(dir, decodeURIComponent(rest)));
  return file.startsWith(dir + '/') && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** The scripted availability of the simulation, in the shape of the availability endpoint's answer. */
const DR_LEE = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const MARCO = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const AVAILABILITIES = ['Available', 'Busy', 'DoNotDisturb', 'Away', 'BeRightBack', 'Offline', 'PresenceUnknown'];
function scriptedAvailability(users, script) {
  const drLee = Math.floor(Date.now() / 20_000) % 2 === 0 ? 'Available' : 'Busy';
  const known = { [DR_LEE]: drLee, [MARCO]: 'Away' };
  const asked = AVAILABILITIES.includes(script) ? script : undefined;
  return {
    availability: Object.fromEntries(users.map((id) => [id, asked ?? known[id] ?? 'PresenceUnknown'])),
    refreshSeconds: 10,
  };
}

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, origin);
  if (pathname === '/demo-config.json') return json(res, 200, config);
  if (pathname === '/api/callback') return void requestCallback(req, res);
  if (pathname === CALLBACK_INBOX && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = JSON.parse(body);
      if (request.type === 'teams-call-button.call-announcement') {
        const told = [request.name && 'a name', request.topic && 'a topic'].filter(Boolean);
        console.log(`call announcement ${request.requestId} for ${request.expertName}, with ${told.join(' and ')}`);
      } else {
        const contact = [request.phone && 'a phone number', request.email && 'an e-mail address'].filter(Boolean);
        console.log(
          `callback request ${request.requestId} (${request.reason}) for ${request.expertName}, with ${contact.join(' and ')}`,
        );
      }
      res.writeHead(202).end();
    });
    return;
  }
  if (pathname === '/api/availability') {
    if (config.mode !== 'simulation')
      return json(res, 503, { error: 'Availability needs Microsoft Graph: see README.' });
    const { searchParams } = new URL(req.url, origin);
    const users = (searchParams.get('users') ?? '').split(',').filter(Boolean);
    return json(res, 200, scriptedAvailability(users, searchParams.get('script')));
  }
  if (pathname === '/api/acs-token') {
    if (issueToken) return void issueToken(req, res);
    return json(res, 503, { error: 'This demo runs in simulation: set ACS_CONNECTION_STRING to issue real tokens.' });
  }
  const file = fileFor(pathname);
  if (!file || req.method !== 'GET') return json(res, 404, { error: 'Not found' });
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  createReadStream(file).pipe(res);
});

server.listen(port, 'localhost', () => {
  console.log(`teams-call-button demo (${config.mode}): ${origin}/`);
});
