import { AadHttpClient, type AadHttpClientFactory, type HttpClientResponse } from '@microsoft/sp-http';
import type { TokenProvider } from 'teams-call-button';

/**
 * Asks the token provider for an ACS token through SharePoint's AadHttpClient: SharePoint adds the employee's Entra
 * access token for the provider's app (`appIdUri`), which the provider's `entraVerifier` checks. That token never
 * reaches the element; the element gets only the ACS token (and the name the provider read from the Entra token).
 */
export function entraTokenProvider(factory: AadHttpClientFactory, appIdUri: string, url: string): TokenProvider {
  let client: Promise<AadHttpClient> | undefined;
  return async (signal, { session }) => {
    client ??= factory.getClient(appIdUri).catch((error: unknown) => {
      client = undefined; // asked again on the next call
      throw error;
    });
    const response = await (
      await client
    ).post(url, AadHttpClient.configurations.v1, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(session ? { session } : {}),
      signal,
    });
    if (!response.ok) throw new Error(await refusal(response));
    return response.json();
  };
}

/** The provider's own words for a refusal (`{ error }`: not signed in, not in the allowed group), else its status. */
async function refusal(response: HttpClientResponse): Promise<string> {
  const answer = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  const reason = (typeof answer?.error === 'string' ? answer.error : response.statusText).replace(/\.$/, '');
  return `the token provider answered ${response.status}${reason ? ` (${reason})` : ''}.`;
}
