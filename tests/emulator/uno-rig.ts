/**
 * Test harness: the real uno-ina219 .hex in the emulator, with a host that splits and
 * decodes lines with src/protocol and sends commands with encodeCommand.
 */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { benchSchema } from "../../src/config/schema/bench.js";
import { Emulator, type EmulatorOptions } from "../../src/emulator/emulator.js";
import { loadHexFile } from "../../src/emulator/hex.js";
import {
  type BoardMessage,
  decodeBoardLine,
  encodeCommand,
  type HostCommand,
} from "../../src/protocol/index.js";

export const UNO_HEX = fileURLToPath(
  new URL("../../firmware-profiles/uno-ina219/uno-ina219.hex", import.meta.url),
);

/** A host command without its id (the harness numbers them); distributes over the union. */
export type CommandBody = HostCommand extends infer C
  ? C extends HostCommand
    ? Omit<C, "id">
    : never
  : never;

export interface Received {
  atMs: number;
  message: BoardMessage;
}

export async function unoRig(
  options: Omit<EmulatorOptions, "firmware"> & { benchPatch?: Record<string, unknown> } = {},
) {
  const { benchPatch, ...rest } = options;
  const emu = new Emulator({
    firmware: await loadHexFile(UNO_HEX),
    bench: benchSchema.parse(benchPatch ?? {}),
    ...rest,
  });
  const received: Received[] = [];
  const rejected: string[] = [];
  let raw = "";
  let partial = "";
  emu.transport.onData((chunk) => {
    const text = Buffer.from(chunk).toString("latin1");
    raw += text;
    partial += text;
    for (let i = partial.indexOf("\n"); i >= 0; i = partial.indexOf("\n")) {
      const line = partial.slice(0, i);
      partial = partial.slice(i + 1);
      const r = decodeBoardLine(line);
      if (r.ok) received.push({ atMs: emu.nowMs(), message: r.message });
      else rejected.push(`${r.reason}: ${JSON.stringify(line)}`);
    }
  });
  let id = 1;
  const send = (c: CommandBody) => {
    void emu.transport.write(`${encodeCommand({ id: id++, ...c } as HostCommand)}\n`);
  };
  /** Runs until a received message satisfies pred; fails loudly after maxMs of emulated time. */
  const waitFor = <T extends BoardMessage>(
    pred: (m: BoardMessage) => m is T,
    maxMs: number,
    from = received.length,
  ): Received & { message: T } => {
    const ok = emu.runUntil(() => received.slice(from).some((r) => pred(r.message)), maxMs);
    expect(ok, `no matching message within ${maxMs} ms of emulated time`).toBe(true);
    return received.slice(from).find((r) => pred(r.message)) as Received & { message: T };
  };
  const telemetry = () =>
    received.filter((r) => r.message.type === "T") as Array<
      Received & { message: Extract<BoardMessage, { type: "T" }> }
    >;
  await emu.transport.open();
  return { emu, received, rejected, send, waitFor, telemetry, raw: () => raw };
}

export const isType =
  <K extends BoardMessage["type"]>(type: K) =>
  (m: BoardMessage): m is Extract<BoardMessage, { type: K }> =>
    m.type === type;
export const isEvent =
  (kind: string) =>
  (m: BoardMessage): m is Extract<BoardMessage, { type: "EVT" }> =>
    m.type === "EVT" && m.kind === kind;
