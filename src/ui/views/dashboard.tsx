/** The whole dashboard for one snapshot, laid out for the terminal size. Stateless. */
import { Box } from "ink";
import type { SessionControls } from "../../session/types.js";
import type { Layout } from "../layout.js";
import type { SessionSnapshot } from "../snapshot.js";
import { ColorContext } from "./lines-view.js";
import {
  Alarms,
  BenchPanel,
  BigReadout,
  DutyPanel,
  Events,
  Header,
  Help,
  KeyBar,
  Link,
  NodePanel,
  NoteInput,
  OrbitStrip,
  PowerRow,
  Trends,
} from "./panels.js";

export interface DashboardUiState {
  help: boolean;
  /** Text being typed after `n`, or null when not typing. */
  note: string | null;
  /** A short message after a key (e.g. "seek: replay only"). */
  message: string | null;
}

export interface DashboardViewProps {
  snapshot: SessionSnapshot;
  layout: Layout;
  ui: DashboardUiState;
  capabilities: SessionControls["capabilities"];
  color: boolean;
  staleLinkS: number;
}

export function DashboardView({
  snapshot: s,
  layout: l,
  ui,
  capabilities,
  color,
  staleLinkS,
}: DashboardViewProps) {
  const full = l.stripWidth;
  // Alarm lines not needed by alarms go to the event list.
  const eventLines = l.eventLines + Math.max(0, l.alarmLines - s.alarms.length);
  let body: React.ReactNode;
  if (ui.help) {
    body = <Help caps={capabilities} width={full} staleS={staleLinkS} />;
  } else if (l.twoColumns) {
    body = (
      <>
        <OrbitStrip s={s} width={full} />
        <Box flexDirection="row">
          <Box flexDirection="column" width={l.leftWidth}>
            <BenchPanel s={s} width={l.leftWidth} staleS={staleLinkS} />
            <NodePanel s={s} width={l.leftWidth} gaugeWidth={l.gaugeWidth} staleS={staleLinkS} />
            <DutyPanel s={s} width={l.leftWidth} />
            {l.bigNumbers && s.node ? <BigReadout s={s} width={l.leftWidth} /> : null}
          </Box>
          <Box width={1} />
          <Box flexDirection="column" width={l.rightWidth}>
            <Trends s={s} width={l.rightWidth} sparkWidth={l.sparkWidth} rows={l.trendRows} />
            <Alarms s={s} width={l.rightWidth} maxLines={l.alarmLines} />
            <Link s={s} width={l.rightWidth} staleS={staleLinkS} />
            <Events s={s} width={l.rightWidth} maxLines={eventLines} />
          </Box>
        </Box>
      </>
    );
  } else {
    body = (
      <>
        <OrbitStrip s={s} width={full} />
        <PowerRow s={s} layout={l} staleS={staleLinkS} />
        {l.bigNumbers && s.node ? <BigReadout s={s} width={full} /> : null}
        <DutyPanel s={s} width={full} />
        <Trends s={s} width={full} sparkWidth={l.sparkWidth} />
        <Alarms s={s} width={full} maxLines={l.alarmLines} />
        <Link s={s} width={full} staleS={staleLinkS} />
        <Events s={s} width={full} maxLines={eventLines} />
      </>
    );
  }
  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={l.columns}>
        <Header s={s} width={full} />
        {body}
        {ui.note !== null ? (
          <NoteInput text={ui.note} width={full} />
        ) : (
          <KeyBar caps={capabilities} message={ui.message} width={full} />
        )}
      </Box>
    </ColorContext.Provider>
  );
}
