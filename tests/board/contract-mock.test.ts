import { boardContract } from "./contract.js";
import { mockRig } from "./harness.js";

boardContract("SerialBoard over MemoryLink with MockBoard", async () => {
  const rig = mockRig();
  return {
    board: rig.board,
    expectedKind: "serial",
    expectedProtocolVersion: 1,
    advance: rig.advance,
    dispose: () => rig.board.close(),
  };
});
