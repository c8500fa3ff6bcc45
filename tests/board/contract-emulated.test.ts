import { boardContract } from "./contract.js";
import { emulatedRig } from "./emulated-rig.js";

// The real uno-ina219 firmware in avr8js: the same contract as the mock.
boardContract(
  "EmulatedBoard (uno-ina219 .hex in the emulator)",
  async () => {
    const rig = await emulatedRig();
    return {
      board: rig.board,
      expectedKind: "emulated",
      expectedProtocolVersion: 1,
      advance: rig.advance,
      dispose: () => rig.board.close(),
    };
  },
  { timeoutMs: 60_000 },
);
