import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the server may name the client in `X-Forwarded-For`: none (`false`, the default), how many
 * of them append to it, or their addresses and CIDR ranges (`['10.0.0.0/8', '2001:db8::/32']`).
 */
export type TrustProxy = false | number | readonly string[];

/** The address to rate-limit a request by, from the socket's peer and the `X-Forwarded-For` header it carried. */
export type ClientAddress = (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => string;

/**
 * Reads `trustProxy` once, at start, and refuses what it cannot mean exactly. The client address is then the entry the
 * outermost trusted proxy appended (counted from the right): entries to its left are the client's own words.
 * An IPv6 address stands for its /64, since every IPv6 host gets a whole /64 to pick addresses from.
 */
export function clientAddressReader(trustProxy: unknown): ClientAddress {
  if (trustProxy === false || trustProxy === undefined || trustProxy === 0) return (socket) => keyOf(socket);
  if (typeof trustProxy === 'number' && Number.isInteger(trustProxy) && trustProxy > 0) {
    return (socket, forwardedFor) => {
      const entries = entriesOf(forwardedFor);
      const entry = entries.length >= trustProxy ? entries[entries.length - trustProxy] : undefined;
      return (entry !== undefined && normalised(entry)) || keyOf(socket);
    };
  }
  if (Array.isArray(trustProxy) && trustProxy.length > 0) {
    const trusted = trustedRanges(trustProxy);
    return (socket, forwardedFor) => {
      const entries = entriesOf(forwardedFor);
      let client = socket ?? '';
      // Walk left from the peer while each hop is a trusted proxy; the first hop that is not one is the client.
      while (isTrusted(trusted, client) && entries.length > 0) {
        const previous = entries.pop()!;
        if (!normalised(previous)) break; // junk from the client: the last trusted proxy stands for it
        client = previous;
      }
      return keyOf(client);
    };
  }
  throw new Error(
    `trustProxy must be false, the number of proxies in front of the server, or their addresses and CIDR ranges ` +
      `(e.g. ['10.0.0.0/8']); got ${JSON.stringify(trustProxy)}.`,
  );
}

function trustedRanges(entries: readonly unknown[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = String(entry).trim().split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const valid =
      typeof entry === 'string' &&
      family !== 0 &&
      rest.length === 0 &&
      (prefix === undefined || /^\d{1,3}$/.test(prefix)) &&
      bits <= (family === 6 ? 128 : 32);
    if (!valid) {
      throw new Error(
        `trustProxy: "${String(entry)}" is not an IP address or CIDR range; write it as "10.0.0.0/8" or "2001:db8::/32".`,
      );
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const found = ipOf(address);
  return found !== undefined && list.check(found.ip, found.family === 6 ? 'ipv6' : 'ipv4');
}

function entriesOf(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function keyOf(address: string | undefined): string {
  return normalised(address ?? '') ?? 'unknown';
}

/**
 * A valid IP as a limiter key: IPv4 as is (also when mapped into IPv6 or written with a port, as Azure's front ends
 * write it), IPv6 as its /64 prefix; undefined if not an IP.
 */
export function normalised(address: string): string | undefined {
  const found = ipOf(address);
  if (!found || found.family === 4) return found?.ip;
  return `${expandIpv6(found.ip).slice(0, 4).join(':')}::/64`;
}

/**
 * The IP an address names, and its family: a port (`1.2.3.4:5678`, `[2001:db8::1]:443`), a zone index and the IPv6
 * form of an IPv4 address (`::ffff:1.2.3.4`) dropped; undefined if it names none.
 */
function ipOf(address: string): { ip: string; family: 4 | 6 } | undefined {
  const trimmed = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed)?.[1];
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(trimmed)?.[1];
  const bare = (bracketed ?? v4WithPort ?? trimmed).replace(/%.*$/, '');
  const ip = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? bare;
  const family = isIP(ip);
  return family === 4 || family === 6 ? { ip, family } : undefined;
}

function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right] : left;
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}
