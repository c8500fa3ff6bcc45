import { OrbitrigError } from "../../src/core/errors.js";
import { loadLessonText } from "../../src/lesson/index.js";

/** The error a lesson text (as file x.yaml) is refused with; throws if it loads. */
export function failure(text: string): OrbitrigError {
  try {
    loadLessonText(text, "x.yaml", "x");
  } catch (e) {
    if (e instanceof OrbitrigError) return e;
    throw e;
  }
  throw new Error("the lesson loaded");
}
