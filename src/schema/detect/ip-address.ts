import { isIP } from 'node:net';

/**
 * True for an IPv4 (dotted quad) or IPv6 address, using Node's own parser.
 * @example isIpAddress('192.168.10.4') // true
 * @example isIpAddress('2001:db8::8a2e:370:7334') // true
 * @example isIpAddress('1.2.3') // false
 */
export function isIpAddress(text: string): boolean {
  return isIP(text) !== 0;
}
