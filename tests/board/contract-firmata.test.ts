import { FirmataBoard } from "../../src/board/firmata-board.js";
import { Emulator } from "../../src/emulator/emulator.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import { boardContract } from "./contract.js";
import { STANDARD_FIRMATA_HEX } from "./emulated-rig.js";
import { flush } from "./harness.js";

boardContract(
  "FirmataBoard (StandardFirmata .hex in the emulator)",
  async () => {
    const emulator = new Emulator({ firmware: await loadHexFile(STANDARD_FIRMATA_HEX) });
    const board = new FirmataBoard(emulator.transport, emulator.clock, {
      lampPin: 9,
      loadPin: 10,
      panelTempChannel: 0,
      reconnect: false,
      inas: [
        { address: 0x40, role: "array", shuntOhms: 0.1, maxCurrentA: 0.4 },
        { address: 0x41, role: "load", shuntOhms: 0.1, maxCurrentA: 0.4 },
      ],
    });
    const advance = async (ms: number) => {
      await flush(2);
      for (let t = 0; t < ms; t += 5) {
        emulator.runFor(Math.min(5, ms - t));
        await flush(2);
      }
    };
    return {
      board,
      expectedKind: "firmata",
      expectedProtocolVersion: 0,
      advance,
      dispose: () => board.close(),
    };
  },
  { timeoutMs: 120_000 },
);
