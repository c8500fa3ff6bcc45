/**
 * What the page receives: the class as the viewer's subscription sees it, reduced to what
 * a card shows (no credentials, no free-form text but the rig's name, which the page
 * shows as text). Pure.
 */
import { type ClassSnapshot, rigLink } from "../network/index.js";

export interface PageRig {
  id: string;
  /** The rig file's name, as the rig sent it: the page shows it with textContent. */
  name: string;
  link: "online" | "stale" | "offline";
  /** The rig's wall clock when it built the state (x of the plots), Unix ms. */
  wallMs: number | null;
  powerMw: number | null;
  socFraction: number | null;
  floorSocFraction: number | null;
  dutyThisOrbit: number | null;
  dutyLastOrbit: number | null;
  workAccelS: number | null;
  nodeTempC: number | null;
  region: "sunlit" | "penumbra" | "umbra" | null;
  orbitPhase: number | null;
  segments: [number, number, "sunlit" | "penumbra" | "umbra"][];
  policy: string | null;
}

export interface PageClass {
  cls: string;
  connected: boolean;
  rigs: PageRig[];
}

export function pageClass(s: ClassSnapshot): PageClass {
  return {
    cls: s.cls,
    connected: s.connected,
    rigs: s.rigs.map((r) => {
      const st = r.state;
      const n = st?.node ?? null;
      return {
        id: r.id,
        name: r.hello?.name ?? r.id,
        link: rigLink(r, s.nowMs),
        wallMs: st?.wallMs ?? null,
        powerMw: st?.bench?.powerMw ?? null,
        socFraction: n?.socFraction ?? null,
        floorSocFraction: r.hello?.node.floorSocFraction ?? null,
        dutyThisOrbit: n?.dutyThisOrbit ?? null,
        dutyLastOrbit: n?.dutyLastOrbit ?? null,
        workAccelS: n?.workAccelS ?? null,
        nodeTempC: n?.nodeTempC ?? null,
        region: n?.region ?? null,
        orbitPhase: n?.orbitPhase ?? null,
        segments: st?.orbit.segments ?? [],
        policy: st?.policy ?? null,
      };
    }),
  };
}
