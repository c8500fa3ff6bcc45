/** Short byte strings of recording rows to JS strings, without one allocation per row. */

/**
 * Strings in rows are a handful of short words ("f", "sunlit", "array"): hand out one string
 * per distinct word instead of allocating one per row (this halves the garbage of a scan).
 */
const INTERN = new Map<number, string[]>();

export function interned(b: Uint8Array, s: number, e: number): string {
  if (e - s > 24) return latin1(b, s, e);
  let h = e - s;
  for (let i = s; i < e; i++) h = (h * 31 + b[i]!) | 0;
  const bucket = INTERN.get(h);
  if (bucket) {
    outer: for (const str of bucket) {
      if (str.length !== e - s) continue;
      for (let i = 0; i < str.length; i++) if (str.charCodeAt(i) !== b[s + i]) continue outer;
      return str;
    }
  }
  const str = latin1(b, s, e);
  if (INTERN.size < 4096) {
    if (bucket) bucket.push(str);
    else INTERN.set(h, [str]);
  }
  return str;
}

export function latin1(b: Uint8Array, s: number, e: number): string {
  // Short ASCII tokens: building the string directly avoids a Buffer view per token.
  if (e - s <= 12) {
    let out = "";
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString("latin1");
}
