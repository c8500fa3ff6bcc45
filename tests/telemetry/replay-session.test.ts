import { join } from "node:path";
import { expect, it } from "vitest";
import { parseRig } from "../../src/config/load.js";
import type { PolicyName } from "../../src/config/schema/scheduler.js";
import type { NodeState } from "../../src/node/state.js";
import { lampConfig } from "../../src/rig/board.js";
import { SatelliteNodeModel } from "../../src/rig/satellite.js";
import type { SessionRecorder } from "../../src/session/ports.js";
import { Session } from "../../src/session/session.js";
import { quantizeNode } from "../../src/telemetry/format.js";
import { RecordingReader } from "../../src/telemetry/reader.js";
import { replayRecording } from "../../src/telemetry/replay-source.js";

it("the session fed by a ReplayBoard recomputes every recorded node state exactly", async () => {
  const path = join(import.meta.dirname, "../fixtures/recordings/classroom-soc-hysteresis.ndjson");
  const recorded: NodeState[] = [];
  const reader = new RecordingReader(path);
  for await (const r of reader) if (r.type === "frame" && r.node) recorded.push(r.node);
  const h = reader.header;
  const config = parseRig(h.rig.config);
  const model = SatelliteNodeModel.fromRig(config, { policy: h.session?.policy as PolicyName });
  const board = replayRecording(path, { speed: "max" });
  const computed: NodeState[] = [];
  const recorder: SessionRecorder = {
    path: "(memory)",
    begin: () => undefined,
    bytes: () => 0,
    frame: (_f, node) => void computed.push(node),
    event: () => undefined,
    end: async () => undefined,
  };
  const session = new Session({
    rigName: config.name,
    mode: "replay",
    board,
    model,
    lamp: lampConfig({ path: h.rig.path, text: h.rig.text ?? "", config }),
    rateHz: config.board.rateHz,
    recorder,
  });
  await session.start();
  expect(await board.done).toBe("end");
  await session.stop("end-of-recording");
  expect(computed).toHaveLength(recorded.length);
  const columns = reader.recording.layout.nodeColumns;
  expect(computed.map((n) => quantizeNode(n, columns))).toEqual(recorded);
});
