/**
 * What `orbitrig orbit` does (its options: ../commands/orbit.ts): the figures (pure,
 * orbitFigures) and their table.
 */
import { ORBIT_PRESETS, orbitSchema } from "../../config/schema/orbit.js";
import { ExitCode, OrbitrigError } from "../../core/errors.js";
import { fixed, formatTable } from "../../node/format.js";
import { criticalBetaDeg, EclipseSchedule, maxBetaDeg, resolveOrbit } from "../../orbit/index.js";
import { jsonOutput } from "../json-output.js";

export interface OrbitOptions {
  altitudeKm?: number;
  betaDeg?: number;
  preset?: string;
  date?: string;
  json?: boolean;
}

export interface OrbitFigures {
  preset: string | null;
  kind: "orbit" | "ground";
  altitudeKm: number;
  betaDeg: number;
  periodMin: number;
  criticalBetaDeg: number | null;
  maxBetaDeg: number | null;
  eclipseCylindricalMin: number;
  umbraMin: number;
  penumbraMin: number;
  shadowMin: number;
  /** Fraction of the orbit in full sun (conical model). */
  sunlitFraction: number;
  eclipseEntryPhase: number | null;
  eclipseExitPhase: number | null;
}

export function orbitFigures(opts: {
  preset?: string;
  altitudeKm?: number;
  betaDeg?: number;
  date?: string;
}): OrbitFigures {
  const preset = opts.preset ?? "starlink";
  if (!(ORBIT_PRESETS as readonly string[]).includes(preset)) {
    throw new OrbitrigError(
      "USAGE",
      `--preset: expected one of ${ORBIT_PRESETS.join(", ")}, got "${preset}"`,
      ExitCode.usage,
    );
  }
  const parsed = orbitSchema.safeParse({
    preset,
    altitudeKm: opts.altitudeKm,
    betaDeg: opts.betaDeg,
    epoch: opts.date,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OrbitrigError("USAGE", `${issue.path.join(".")}: ${issue.message}`, ExitCode.usage);
  }
  const o = resolveOrbit(parsed.data);
  const g = new EclipseSchedule(o).geometryOfOrbit(0);
  const isOrbit = o.kind === "orbit";
  return {
    preset: opts.preset ?? null,
    kind: o.kind,
    altitudeKm: o.altitudeKm,
    betaDeg: g.betaDeg,
    periodMin: g.periodS / 60,
    criticalBetaDeg: isOrbit ? criticalBetaDeg(o.altitudeKm) : null,
    maxBetaDeg: isOrbit ? maxBetaDeg(o.inclinationDeg) : null,
    eclipseCylindricalMin: g.cylindricalEclipseS / 60,
    umbraMin: g.umbraS / 60,
    penumbraMin: g.penumbraS / 60,
    shadowMin: g.shadowS / 60,
    sunlitFraction: 1 - g.shadowS / g.periodS,
    eclipseEntryPhase: g.shadowS > 0 ? g.penumbraEntryPhase : null,
    eclipseExitPhase: g.shadowS > 0 ? g.penumbraExitPhase : null,
  };
}

export function formatOrbitFigures(f: OrbitFigures): string {
  const title =
    f.kind === "ground"
      ? `ground site (${f.preset}), Sun declination ${fixed(f.betaDeg, 2)} deg`
      : `circular orbit ${fixed(f.altitudeKm, 0)} km${f.preset ? ` (${f.preset})` : ""}, beta ${fixed(f.betaDeg, 2)} deg`;
  const rows: [string, string, string][] = [
    [f.kind === "ground" ? "day length" : "period", fixed(f.periodMin, 2), "min"],
    ["critical beta", f.criticalBetaDeg === null ? "-" : fixed(f.criticalBetaDeg, 2), "deg"],
    [
      f.kind === "ground" ? "night (Sun centre below horizon)" : "eclipse, cylindrical shadow",
      fixed(f.eclipseCylindricalMin, 2),
      "min",
    ],
    ["umbra (conical)", fixed(f.umbraMin, 2), "min"],
    ["penumbra, both sides (conical)", fixed(f.penumbraMin, 2), "min"],
    ["shadow total (penumbra + umbra)", fixed(f.shadowMin, 2), "min"],
    ["sunlit fraction (full sun)", fixed(f.sunlitFraction, 4), ""],
    [
      "eclipse entry / exit phase",
      f.eclipseEntryPhase === null
        ? "none"
        : `${fixed(f.eclipseEntryPhase, 4)} / ${fixed(f.eclipseExitPhase!, 4)}`,
      "",
    ],
  ];
  const table = formatTable<[string, string, string]>(
    [
      { header: "quantity", value: (r) => r[0], right: false },
      { header: "value", value: (r) => r[1] },
      { header: "unit", value: (r) => r[2], right: false },
    ],
    rows,
  );
  return `${title}\n${table}\nphase 0 = orbit noon; the eclipse is centred on phase 0.5\n`;
}

export function orbit(o: OrbitOptions): void {
  const figures = orbitFigures({
    preset: o.preset,
    altitudeKm: o.altitudeKm,
    betaDeg: o.betaDeg,
    date: o.date,
  });
  process.stdout.write(o.json ? jsonOutput(figures) : formatOrbitFigures(figures));
}
