/**
 * The teacher's view's own state (selection, sort, prompt) and the pure orderings it
 * shows: the sort of the rows and the leaderboard. Text from the network is made plain
 * here too, once for every panel.
 */
import type { RigView } from "../network/index.js";

export const SORTS = ["name", "work", "soc", "duty", "power"] as const;
export type ClassSort = (typeof SORTS)[number];

export type Prompt =
  | { kind: "policy" }
  | { kind: "set"; text: string }
  | { kind: "note"; text: string };

export interface ClassroomUi {
  /** The selected rig, or null: commands go to every rig. */
  selected: string | null;
  sort: ClassSort;
  leaderboard: boolean;
  prompt: Prompt | null;
  message: string | null;
  help: boolean;
}

export const INITIAL_UI: ClassroomUi = {
  selected: null,
  sort: "name",
  leaderboard: false,
  prompt: null,
  message: null,
  help: false,
};

/**
 * Text from the network as one harmless line: no control characters (escape sequences,
 * carriage returns), no bidirectional overrides; anything else is just characters.
 */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

function sortValue(r: RigView, sort: ClassSort): number {
  const n = r.state?.node;
  switch (sort) {
    case "work":
      return n?.workAccelS ?? -1;
    case "soc":
      return n?.socFraction ?? -1;
    case "duty":
      return n?.dutyLastOrbit ?? n?.dutyThisOrbit ?? -1;
    case "power":
      return r.state?.bench?.powerMw ?? -1;
    case "name":
      return 0;
  }
}

/** The rigs in the chosen order (highest first, except by name). */
export function sortRigs(rigs: readonly RigView[], sort: ClassSort): RigView[] {
  const out = [...rigs];
  if (sort === "name") return out.sort((a, b) => a.id.localeCompare(b.id));
  return out.sort((a, b) => sortValue(b, sort) - sortValue(a, sort) || a.id.localeCompare(b.id));
}

/** Work delivered without breaking the battery floor: ranked first; floor-breakers after. */
export function leaderboard(rigs: readonly RigView[]): { rig: RigView; brokeFloor: boolean }[] {
  return rigs
    .filter((r) => r.state?.node)
    .map((r) => ({ rig: r, brokeFloor: (r.state?.node?.floorViolationS ?? 0) > 0 }))
    .sort(
      (a, b) =>
        Number(a.brokeFloor) - Number(b.brokeFloor) ||
        (b.rig.state?.node?.workAccelS ?? 0) - (a.rig.state?.node?.workAccelS ?? 0) ||
        a.rig.id.localeCompare(b.rig.id),
    );
}
