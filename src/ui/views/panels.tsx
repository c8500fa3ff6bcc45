/** Thin ink views: each renders one pure panel of src/ui/panels/. */
import { Box } from "ink";
import type { SessionControls } from "../../session/types.js";
import type { Layout } from "../layout.js";
import { fitLine, rule, seg } from "../lines.js";
import { headerLines, orbitLines } from "../panels/header.js";
import {
  benchLines,
  benchTitle,
  bigReadoutLines,
  dutyLines,
  nodeLines,
  nodeTitle,
} from "../panels/power.js";
import {
  alarmLines,
  eventLines,
  helpLines,
  keyBar,
  linkLine,
  trendLines,
} from "../panels/status.js";
import type { SessionSnapshot } from "../snapshot.js";
import { LinesView, LineView } from "./lines-view.js";

interface PanelProps {
  s: SessionSnapshot;
  width: number;
}

export const Header = ({ s, width }: PanelProps) => (
  <LinesView lines={headerLines(s, width)} width={width} />
);

export const OrbitStrip = ({ s, width }: PanelProps) => (
  <LinesView lines={orbitLines(s, width)} width={width} />
);

export const BenchPanel = ({ s, width, staleS }: PanelProps & { staleS: number }) => (
  <LinesView
    lines={[benchTitle(s, width, staleS), ...benchLines(s, staleS, width)]}
    width={width}
  />
);

export const NodePanel = ({
  s,
  width,
  gaugeWidth,
  staleS,
}: PanelProps & { gaugeWidth: number; staleS: number }) => (
  <LinesView
    lines={[nodeTitle(s, width, staleS, "satellite scale"), ...nodeLines(s, gaugeWidth)]}
    width={width}
  />
);

/** Bench and node side by side (the one-column layout's power row). */
export function PowerRow({
  s,
  layout,
  staleS,
}: {
  s: SessionSnapshot;
  layout: Layout;
  staleS: number;
}) {
  const lw = Math.floor((layout.leftWidth - 3) / 2);
  const rw = layout.leftWidth - 3 - lw;
  // The bench side never outgrows the node side (the 80x24 budget); extra channels go first.
  const left = [benchTitle(s, lw, staleS), ...benchLines(s, staleS, lw)]
    .slice(0, 6)
    .map((l) => fitLine(l, lw));
  const right = [nodeTitle(s, rw, staleS, "satellite"), ...nodeLines(s, layout.gaugeWidth)].map(
    (l) => fitLine(l, rw),
  );
  // Boxes rather than space padding: ink lays out the columns, and blank cells cost less
  // than drawn spaces.
  const sep = Array.from({ length: Math.max(left.length, right.length) }, () => [
    seg(" │ ", "dim"),
  ]);
  return (
    <Box flexDirection="row">
      <LinesView lines={left} width={lw} />
      <LinesView lines={sep} width={3} />
      <LinesView lines={right} width={rw} />
    </Box>
  );
}

export const BigReadout = ({ s, width }: PanelProps) => (
  <LinesView lines={[rule("AT A GLANCE", width), ...bigReadoutLines(s, width)]} width={width} />
);

export const DutyPanel = ({ s, width }: PanelProps) => (
  <LinesView lines={dutyLines(s, width)} width={width} />
);

export const Trends = ({
  s,
  width,
  sparkWidth,
  rows = 1,
}: PanelProps & { sparkWidth: number; rows?: number }) => (
  <LinesView lines={trendLines(s, width, sparkWidth, rows)} width={width} />
);

export const Alarms = ({ s, width, maxLines }: PanelProps & { maxLines: number }) => (
  <LinesView lines={alarmLines(s, width, maxLines)} width={width} />
);

export const Link = ({ s, width, staleS }: PanelProps & { staleS: number }) => (
  <LineView line={linkLine(s, staleS)} width={width} />
);

export const Events = ({ s, width, maxLines }: PanelProps & { maxLines: number }) => (
  <LinesView lines={eventLines(s, maxLines)} width={width} />
);

export const Help = ({
  caps,
  width,
  staleS,
}: {
  caps: SessionControls["capabilities"];
  width: number;
  staleS: number;
}) => <LinesView lines={helpLines(caps, width, staleS)} width={width} />;

export const KeyBar = ({
  caps,
  message,
  width,
}: {
  caps: SessionControls["capabilities"];
  message: string | null;
  width: number;
}) => <LineView line={keyBar(caps, message)} width={width} />;

/** The `n` key's input line: typed text with a block cursor. */
export const NoteInput = ({ text, width }: { text: string; width: number }) => (
  <LineView
    width={width}
    line={[
      seg("note› ", "accent", true),
      seg(text),
      seg("█", "accent"),
      seg("  Enter adds · Esc cancels", "dim"),
    ]}
  />
);
