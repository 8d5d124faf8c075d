import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { TokenCredential } from '@azure/core-auth';

/**
 * How the token provider reaches the ACS identity service: with the resource's connection string, or with its endpoint
 * and a Microsoft Entra credential (a managed identity, say: no secret to keep). The credential's identity needs the
 * Contributor role on the Communication Services resource, as Microsoft's Entra ID quickstart for the identity SDK
 * assigns it.
 */
export type IdentityAccess = { connectionString: string } | { endpoint: string; credential: TokenCredential };

/**
 * The identity client, made from what it was given after checking it here: a malformed connection string is refused
 * with a message that never repeats it, since the identity client's own error quotes the whole string, key included.
 */
export function identityClient(access: Partial<{ connectionString: unknown; endpoint: unknown; credential: unknown }>) {
  if (access.connectionString === undefined && access.endpoint !== undefined) {
    const credential = access.credential as Partial<TokenCredential> | undefined;
    if (typeof credential?.getToken !== 'function') {
      throw new Error(
        'With endpoint, the token provider needs a credential: a TokenCredential from @azure/identity, such as ' +
          'new DefaultAzureCredential() for a managed identity.',
      );
    }
    return new CommunicationIdentityClient(endpointOf(access.endpoint, refuseEndpoint), credential as TokenCredential);
  }
  const connectionString = access.connectionString;
  if (typeof connectionString !== 'string' || !connectionString.trim()) throw refuseConnectionString('None was given.');
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const url = endpointOf(fields.get('endpoint') ?? '', refuseConnectionString);
  const accessKey = fields.get('accesskey') ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(accessKey))
    throw refuseConnectionString('Its access key is missing or not base64.');
  try {
    return new CommunicationIdentityClient(`endpoint=${url};accesskey=${accessKey}`);
  } catch {
    throw refuseConnectionString('The identity client could not use it.');
  }
}

function endpointOf(endpoint: unknown, refuse: (problem: string) => Error): string {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    throw refuse('Its endpoint is missing or not a URL.');
  }
  if (url.protocol !== 'https:') throw refuse('Its endpoint must be an https: URL.');
  return url.href;
}

function refuseConnectionString(problem: string): Error {
  return new Error(
    'The token provider needs the ACS connection string ("endpoint=https://…;accesskey=…"), from the Azure portal: ' +
      `Communication Services → Keys, or an endpoint and a credential. ${problem}`,
  );
}

function refuseEndpoint(problem: string): Error {
  return new Error(
    `The token provider's endpoint is the ACS resource's URL ("https://<name>.communication.azure.com"). ${problem}`,
  );
}
