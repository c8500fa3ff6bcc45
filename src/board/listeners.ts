/**
 * Frame and event listeners of a board driver. A listener that throws cannot stop the
 * others or the link; its error is rethrown on its own (a microtask later), so it still
 * reaches the process's uncaught-error handler (the session's safe shutdown) instead of
 * vanishing.
 */

import type { BoardEvent } from "../core/board.js";
import type { Frame } from "../core/frame.js";

export class BoardListeners {
  private readonly frames = new Set<(f: Frame) => void>();
  private readonly events = new Set<(e: BoardEvent) => void>();

  onFrame(listener: (frame: Frame) => void): () => void {
    this.frames.add(listener);
    return () => this.frames.delete(listener);
  }

  onEvent(listener: (event: BoardEvent) => void): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  frame(f: Frame): void {
    for (const l of [...this.frames]) {
      try {
        l(f);
      } catch (e) {
        rethrowLater(e);
      }
    }
  }

  event(e: BoardEvent): void {
    for (const l of [...this.events]) {
      try {
        l(e);
      } catch (e) {
        rethrowLater(e);
      }
    }
  }
}

function rethrowLater(e: unknown): void {
  queueMicrotask(() => {
    throw e;
  });
}
