/**
 * The rig files shipped in the package's rigs/ folder, described for `orbitrig rigs list`
 * and copied as they are (comments kept) by `orbitrig rigs copy`.
 */
import { parse } from "yaml";
import { shipped, shippedNames } from "../core/shipped.js";
import { loadRig } from "./load.js";

export interface ShippedRig {
  /** The name `--rig` takes: the file name without .yaml. */
  name: string;
  path: string;
  /** The rig's own `name:` field. */
  rigName: string;
  /**
   * The board it runs on; null when the file names no board: a model-only rig for
   * `orbitrig simulate`.
   */
  boardKind: "serial" | "firmata" | "emulated" | null;
  /** Its description on one line (or its name when it has none). */
  description: string;
  /** The file as shipped. */
  text: string;
}

export function describeShippedRig(name: string): ShippedRig | null {
  const path = shipped("rigs", name);
  if (!path) return null;
  const rig = loadRig(path);
  const raw = parse(rig.text) as Record<string, unknown>;
  return {
    name: name.replace(/\.ya?ml$/, ""),
    path,
    rigName: rig.config.name,
    boardKind: raw.board === undefined ? null : rig.config.board.kind,
    description: rig.config.description.replace(/\s+/g, " ").trim() || rig.config.name,
    text: rig.text,
  };
}

export function shippedRigs(): ShippedRig[] {
  return shippedNames("rigs").flatMap((n) => describeShippedRig(n) ?? []);
}
