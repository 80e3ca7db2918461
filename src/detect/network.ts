/** IP networks: whether two addresses share a /24 (IPv4) or /48 (IPv6), without allocating. */

/** Same /24 for IPv4 (`a.b.c.*`), same /48 for IPv6 (first three groups). No allocation. */
export function sameNetwork(a: string, b: string): boolean {
  if (a === b) return true;
  const v6 = a.includes(':');
  const cut = v6 ? nthIndex(a, ':', 3) : a.lastIndexOf('.');
  if (cut <= 0) return false;
  if (b.length <= cut || (v6 ? b.charCodeAt(cut) !== 58 : b.charCodeAt(cut) !== 46)) return false;
  for (let i = 0; i < cut; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return v6 || b.lastIndexOf('.') === cut;
}

/** The network prefix of an IP (`a.b.c` for IPv4, first three groups for IPv6): allocates, cache it. */
export function networkOf(ip: string): string {
  const cut = ip.includes(':') ? nthIndex(ip, ':', 3) : ip.lastIndexOf('.');
  return cut <= 0 ? ip : ip.slice(0, cut);
}

function nthIndex(s: string, ch: string, n: number): number {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = s.indexOf(ch, i + 1);
    if (i < 0) return -1;
  }
  return i;
}
