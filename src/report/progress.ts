/**
 * A progress bar on stderr, only when stderr is a terminal (never in pipes, logs or CI).
 * Redraws at most every 100 ms of wall time: this is a UI adapter, not a model.
 */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const f = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const n = Math.round(f * width);
      stream.write(
        `\r${label} [${"#".repeat(n)}${"-".repeat(width - n)}] ${(f * 100).toFixed(0).padStart(3)}%`,
      );
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}
