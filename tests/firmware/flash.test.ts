/**
 * `orbitrig firmware flash`: the avrdude command is exactly right, a dry run prints it
 * and runs nothing, and a missing avrdude, port or hex is one clear line.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { flashPort, PORT_PLACEHOLDER } from "../../src/cli/actions/firmware.js";
import { ExitCode, OrbitrigError } from "../../src/core/errors.js";
import {
  avrdudeArgs,
  type FirmwareProfile,
  flashCommand,
  flashFirmware,
  loadProfile,
  type Runner,
  shellQuote,
} from "../../src/firmware/index.js";

const uno = loadProfile("uno-ina219");
const root = fileURLToPath(new URL("../../", import.meta.url));

function recordingRunner(code = 0): {
  run: Runner;
  calls: Array<{ program: string; args: readonly string[] }>;
} {
  const calls: Array<{ program: string; args: readonly string[] }> = [];
  const run: Runner = async (program, args) => {
    calls.push({ program, args });
    return { code, output: "" };
  };
  return { run, calls };
}

const everythingInstalled = { onPath: () => true, fileExists: () => true };

async function refusal(promise: Promise<unknown>): Promise<OrbitrigError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof OrbitrigError) return e;
    throw e;
  }
  throw new Error("expected an OrbitrigError");
}

describe("the avrdude command", () => {
  it("writes the uno-ina219 hex through the Uno's bootloader and leaves verification on", () => {
    expect(flashCommand(uno, "/dev/ttyACM0")).toBe(
      `avrdude -p m328p -c arduino -P /dev/ttyACM0 -b 115200 -D -U flash:w:${root}firmware-profiles/uno-ina219/uno-ina219.hex:i`,
    );
    // -V would switch off avrdude's read-back verification.
    expect(avrdudeArgs(uno, "/dev/ttyACM0")).not.toContain("-V");
  });

  it("takes programmer, baud and part from the profile, and erases through an ISP programmer", () => {
    const isp: FirmwareProfile = {
      ...uno,
      avrdude: { programmer: "usbasp", baud: 19200, partno: "m328pb" },
    };
    expect(avrdudeArgs(isp, "usb")).toEqual([
      "-p",
      "m328pb",
      "-c",
      "usbasp",
      "-P",
      "usb",
      "-b",
      "19200",
      "-U",
      `flash:w:${uno.hexPath}:i`,
    ]);
  });

  it("flashes StandardFirmata from its profile folder", () => {
    const firmata = loadProfile("standard-firmata");
    expect(flashCommand(firmata, "/dev/ttyUSB0")).toBe(
      `avrdude -p m328p -c arduino -P /dev/ttyUSB0 -b 115200 -D -U flash:w:${root}firmware-profiles/standard-firmata/StandardFirmata.cpp.hex:i`,
    );
  });

  it.each([
    ["/dev/ttyACM0", "/dev/ttyACM0"],
    ["/dev/serial/by-id/usb-Arduino Uno", "'/dev/serial/by-id/usb-Arduino Uno'"],
    ["it's", "'it'\\''s'"],
  ])("quotes %s for a shell", (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });
});

describe("flashFirmware", () => {
  it("prints the command on a dry run and runs nothing", async () => {
    const { run, calls } = recordingRunner();
    const printed: string[] = [];
    await flashFirmware(uno, {
      port: "/dev/ttyACM9",
      dryRun: true,
      run,
      print: (l) => printed.push(l),
    });
    expect(printed).toEqual([flashCommand(uno, "/dev/ttyACM9")]);
    expect(calls).toEqual([]);
  });

  it("runs avrdude with exactly the printed arguments", async () => {
    const { run, calls } = recordingRunner();
    const printed: string[] = [];
    // /dev/null stands in for a port that exists.
    await flashFirmware(uno, {
      port: "/dev/null",
      run,
      probe: everythingInstalled,
      print: (l) => printed.push(l),
    });
    expect(calls).toEqual([{ program: "avrdude", args: avrdudeArgs(uno, "/dev/null") }]);
    expect(printed).toEqual([
      flashCommand(uno, "/dev/null"),
      "wrote and verified uno-ina219 (uno-ina219.hex) on /dev/null",
    ]);
  });

  it("fails with COMMAND_FAILED when avrdude fails", async () => {
    const { run } = recordingRunner(1);
    const e = await refusal(
      flashFirmware(uno, { port: "/dev/null", run, probe: everythingInstalled, print: () => {} }),
    );
    expect(e.code).toBe("COMMAND_FAILED");
    expect(e.message).toMatch(/avrdude failed \(exit 1\) writing uno-ina219 to \/dev\/null/);
  });

  it("names the apt-get line when avrdude is missing (exit 72)", async () => {
    const { run, calls } = recordingRunner();
    const probe = { onPath: (p: string) => p !== "avrdude", fileExists: () => true };
    const e = await refusal(flashFirmware(uno, { port: "/dev/null", run, probe, print: () => {} }));
    expect([e.code, e.exitCode, e.message]).toEqual([
      "TOOL_MISSING",
      ExitCode.missingTool,
      "flashing needs avrdude; install with: sudo apt-get install avrdude",
    ]);
    expect(calls).toEqual([]);
  });

  it("refuses a port that does not exist", async () => {
    const { run } = recordingRunner();
    const e = await refusal(
      flashFirmware(uno, {
        port: "/dev/orbitrig-no-such-port",
        run,
        probe: everythingInstalled,
        print: () => {},
      }),
    );
    expect(e.code).toBe("PORT_NOT_FOUND");
  });

  it("refuses a missing hex before anything else", async () => {
    const missing: FirmwareProfile = { ...uno, hexPath: `${uno.dir}/no-such.hex` };
    const e = await refusal(
      flashFirmware(missing, { port: "/dev/null", dryRun: true, print: () => {} }),
    );
    expect(e.code).toBe("HEX_INVALID");
    expect(e.message).toMatch(/run `orbitrig firmware build uno-ina219`/);
  });
});

describe("orbitrig firmware flash --dry-run, from the command line", () => {
  it("prints exactly the avrdude command and exits 0", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "firmware",
        "flash",
        "uno-ina219",
        "--port",
        "/dev/ttyACM0",
        "--dry-run",
      ],
      { cwd: root, encoding: "utf8", timeout: 30_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${flashCommand(uno, "/dev/ttyACM0")}\n`);
    expect(r.status).toBe(0);
  });

  it("needs no port: --port auto (the default) is resolved, or shown as <port> when no board is plugged in", () => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "firmware", "flash", "uno-ina219", "--dry-run"],
      { cwd: root, encoding: "utf8", timeout: 30_000 },
    );
    expect(r.status).toBe(0);
    // Never `-P auto` (avrdude has no such port): a found device or the placeholder.
    expect(r.stdout).not.toContain("-P auto");
    expect(r.stdout).toMatch(/^avrdude -p m328p -c arduino -P (\/dev\/\S+|'<port>') /);
  });
});

describe("the port firmware flash writes to", () => {
  const none = async (): Promise<never> => {
    throw new OrbitrigError("PORT_NOT_FOUND", "--port auto found no board; plug it in", 69);
  };
  const found = async () => ({ path: "/dev/ttyACM3", reason: "chose /dev/ttyACM3: an Uno" });

  it("takes a path as given and resolves auto as run does", async () => {
    const said: string[] = [];
    expect(await flashPort("/dev/ttyUSB0", false, (l) => said.push(l), none)).toBe("/dev/ttyUSB0");
    expect(await flashPort("auto", false, (l) => said.push(l), found)).toBe("/dev/ttyACM3");
    expect(said).toEqual(["chose /dev/ttyACM3: an Uno"]);
  });

  it("auto without a board: a dry run shows the placeholder, a real flash stops with the reason", async () => {
    const said: string[] = [];
    expect(await flashPort("auto", true, (l) => said.push(l), none)).toBe(PORT_PLACEHOLDER);
    expect(said[0]).toMatch(/found no board/);
    const e = await refusal(flashPort("auto", false, () => {}, none));
    expect(e.code).toBe("PORT_NOT_FOUND");
  });
});
