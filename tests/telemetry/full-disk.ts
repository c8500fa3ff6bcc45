/** A file system that runs out of room: what a full disk does to fs.writeSync. */
import { fstatSync, writeSync } from "node:fs";

/** Room for `quotaBytes` in the file: a write past it is cut short, the next throws ENOSPC. */
export function fullDiskAfter(quotaBytes: number) {
  return (fd: number, buf: Buffer, off: number, len: number): number => {
    const room = quotaBytes - fstatSync(fd).size;
    if (room <= 0)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    return writeSync(fd, buf, off, Math.min(room, len));
  };
}
