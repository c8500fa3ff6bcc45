/**
 * Frame and event listeners of a board driver. A listener that throws cannot stop the
 * others or the link; its error is rethrown on its own (a microtask later), so it still
 * reaches the process's uncaught-error handler (the session's safe shutdown) instead of
 * vanishing.
 *
 * Each fan-out goes over the list as it was when the frame or event arrived: a listener
 * added or removed meanwhile takes effect from the next one. The list is an array that is
 * replaced, never changed in place, so that snapshot costs nothing per frame.
 */

import type { BoardEvent } from "../core/board.js";
import type { Frame } from "../core/frame.js";

export class BoardListeners {
  private frames: readonly ((f: Frame) => void)[] = [];
  private events: readonly ((e: BoardEvent) => void)[] = [];

  onFrame(listener: (frame: Frame) => void): () => void {
    // A Set's semantics: adding the same function twice keeps one.
    if (!this.frames.includes(listener)) this.frames = [...this.frames, listener];
    return () => {
      this.frames = this.frames.filter((l) => l !== listener);
    };
  }

  onEvent(listener: (event: BoardEvent) => void): () => void {
    if (!this.events.includes(listener)) this.events = [...this.events, listener];
    return () => {
      this.events = this.events.filter((l) => l !== listener);
    };
  }

  frame(f: Frame): void {
    const list = this.frames;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(f);
      } catch (e) {
        rethrowLater(e);
      }
    }
  }

  event(e: BoardEvent): void {
    const list = this.events;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(e);
      } catch (err) {
        rethrowLater(err);
      }
    }
  }
}

function rethrowLater(e: unknown): void {
  queueMicrotask(() => {
    throw e;
  });
}
