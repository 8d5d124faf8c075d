// A stand-in of a Microsoft Entra tenant's published signing keys (its JWKS endpoint), with keys made in the test.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { freePort } from './processes.mjs';

/** A key set the tenant publishes: its keys can be rotated while the test runs. */
export async function keySetStandIn() {
  const keys = new Map();
  let fetches = 0;
  const addKey = async (kid) => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    keys.set(kid, { publicKey, privateKey });
    return privateKey;
  };
  const server = createServer(async (request, response) => {
    fetches++;
    const published = await Promise.all(
      [...keys].map(async ([kid, { publicKey }]) => ({
        ...(await exportJWK(publicKey)),
        kid,
        use: 'sig',
        alg: 'RS256',
      })),
    );
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
    addKey,
    retire: (kid) => keys.delete(kid),
    key: (kid) => keys.get(kid),
    get fetches() {
      return fetches;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
