import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address to rate-limit a request by. Behind `hops` proxies that each append to `X-Forwarded-For`, it is the
 * entry the outermost trusted proxy appended (counted from the right): entries to its left are the client's own words.
 * An IPv6 address stands for its /64, since every IPv6 host gets a whole /64 to pick addresses from.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const socketAddress = normalised(req.socket.remoteAddress ?? '') ?? 'unknown';
  if (hops <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim());
  const entry = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return (entry !== undefined && normalised(entry)) || socketAddress;
}

/** A valid IP as a limiter key: IPv4 as is (also when mapped into IPv6), IPv6 as its /64 prefix; undefined if not an IP. */
export function normalised(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version !== 6) return undefined;
  return `${expandIpv6(bare).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 handled above) counts as two groups.
  const missing = 8 - left.length - right.length;
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right] : left;
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}
