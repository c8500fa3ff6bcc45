/** Frame and event listeners of a board driver. A listener that throws cannot break the link. */
import type { Frame } from "../core/frame.js";
import type { BoardEvent } from "./types.js";

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
      } catch {
        // A listener's bug must not stop the other listeners or the link.
      }
    }
  }

  event(e: BoardEvent): void {
    for (const l of [...this.events]) {
      try {
        l(e);
      } catch {
        // as above
      }
    }
  }
}
