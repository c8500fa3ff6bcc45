/** The dashboard's lesson panel state (src/ui/panels/lesson.ts) from the runner's progress. */
import type { LessonPanelState } from "../ui/panels/lesson.js";
import type { LessonProgress } from "./runner.js";

export function panelState(title: string, p: LessonProgress): LessonPanelState {
  return {
    title,
    index: p.index,
    total: p.total,
    kind: p.kind,
    narration: p.narration,
    runEndsAtOrbitS: p.runEndsAtS,
    expectations: p.expectations.map((e) => ({ quantity: e.quantity, status: e.status })),
  };
}
