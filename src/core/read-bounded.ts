/**
 * Reading a small file the user names (a rig, a lesson, a join file, a password file) that
 * may turn out to be anything: at most a limit's worth, so a device that never ends
 * (/dev/zero) is refused as too big instead of read until memory runs out.
 */
import { closeSync, openSync, readSync } from "node:fs";

/** At most maxBytes + 1 bytes of the file: one more than the limit says it is too big. */
export function readBounded(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's UTF-8 text, or an Error saying it is over maxBytes (default 64 KiB: a join,
 * credentials or password file is a few lines).
 */
export function readSmallText(path: string, maxBytes = 64 * 1024): string {
  const bytes = readBounded(path, maxBytes);
  if (bytes.length > maxBytes)
    throw new Error(
      `the file is over ${Math.round(maxBytes / 1024)} KiB: not what is expected here`,
    );
  return bytes.toString("utf8");
}
