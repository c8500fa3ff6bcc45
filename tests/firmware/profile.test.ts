/**
 * Firmware profiles: every profile.json passes the schema, the uno-ina219 profile says
 * what its config.h and Makefile compile, and broken profiles are refused with the
 * file and the field named.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProfile } from "../../src/cli/actions/firmware.js";
import { isOrbitrigError } from "../../src/core/errors.js";
import {
  defaultProfilesDir,
  listProfileNames,
  loadAllProfiles,
  loadProfile,
  parseProfile,
} from "../../src/firmware/index.js";
import { PROTOCOL_VERSION } from "../../src/protocol/index.js";
import { readDefines } from "./header.js";

const unoDir = join(defaultProfilesDir, "uno-ina219");

describe("the profiles in firmware-profiles/", () => {
  it("lists uno-ina219 and standard-firmata, and every profile loads", () => {
    expect(listProfileNames()).toEqual(expect.arrayContaining(["standard-firmata", "uno-ina219"]));
    const profiles = loadAllProfiles();
    expect(profiles.map((p) => p.name)).toEqual(listProfileNames());
  });

  it("points every profile at a hex that exists and looks like Intel HEX", () => {
    for (const p of loadAllProfiles()) {
      const text = readFileSync(p.hexPath, "utf8");
      expect(text.startsWith(":"), p.name).toBe(true);
      expect(text.trimEnd().endsWith(":00000001FF"), p.name).toBe(true);
    }
  });

  it("describes each profile in one line for `orbitrig firmware list`", () => {
    expect(describeProfile(loadProfile("uno-ina219"))).toMatch(
      /^uno-ina219 +Arduino Uno R3 .*; atmega328p @ 115200 baud; protocol v1; INA219 0x40:array,0x41:load; buildable; hex firmware-profiles\/uno-ina219\/uno-ina219\.hex$/,
    );
    expect(describeProfile(loadProfile("standard-firmata"))).toMatch(
      /@ 57600 baud; firmata; .*; prebuilt; hex firmware-profiles\/standard-firmata\/StandardFirmata\.cpp\.hex$/,
    );
  });

  it("gives the StandardFirmata profile the Firmata baud and no protocol version", () => {
    const p = loadProfile("standard-firmata");
    expect(p.kind).toBe("firmata");
    expect(p.baud).toBe(57600);
    expect(p.protocolVersion).toBeNull();
    expect(p.hexPath).toBe(join(defaultProfilesDir, "standard-firmata", "StandardFirmata.cpp.hex"));
  });

  it("ships StandardFirmata as the binary its profile and README name, with its LGPL-2.1 text", () => {
    const p = loadProfile("standard-firmata");
    expect(p.build).toBeUndefined();
    const sha256 = createHash("sha256").update(readFileSync(p.hexPath)).digest("hex");
    expect(sha256).toBe(p.prebuilt?.sha256);
    const readme = readFileSync(join(p.dir, "README.md"), "utf8");
    expect(readme).toContain(sha256);
    expect(readme).toContain("avrgirl-arduino@5.0.1");
    expect(readme).toContain("https://github.com/firmata/arduino");
    expect(p.prebuilt?.licence).toBe("LGPL-2.1-or-later");
    expect(readFileSync(p.licencePath!, "utf8")).toMatch(
      /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1, February 1999/,
    );
  });

  it("gives a profile built from source no licence path of a third party", () => {
    expect(loadProfile("uno-ina219").licencePath).toBeNull();
  });
});

describe("uno-ina219: profile.json agrees with config.h, protocol.h and the Makefile", () => {
  const p = loadProfile("uno-ina219");
  const config = readDefines(join(unoDir, "config.h"));
  const protocol = readDefines(join(unoDir, "protocol.h"));
  const makefile = readFileSync(join(unoDir, "Makefile"), "utf8");

  it("names the same profile, versions and baud", () => {
    expect(config.get("FIRMWARE_PROFILE")).toBe(p.name);
    expect(config.get("FIRMWARE_VERSION")).toBe(p.firmwareVersion);
    expect(config.get("LINK_BAUD")).toBe(p.baud);
    expect(protocol.get("PROTO_VERSION")).toBe(p.protocolVersion);
    expect(p.protocolVersion).toBe(PROTOCOL_VERSION);
  });

  it("compiles the same INA219 channels, in order, with their roles", () => {
    const compiled = Array.from({ length: Number(config.get("INA_CHANNEL_COUNT")) }, (_, i) => ({
      channel: i,
      address: config.get(`INA_CH${i}_ADDR`),
      role: config.get(`INA_CH${i}_ROLE`),
    }));
    expect(compiled).toEqual(p.sensors.ina219);
  });

  it("drives and reads the same pins with the same parts", () => {
    expect(`D${config.get("PIN_LAMP")}`).toBe(p.pins.lamp);
    expect(`D${config.get("PIN_LOAD")}`).toBe(p.pins.load);
    expect(`A${config.get("PANEL_ADC_CHANNEL")}`).toBe(p.pins.panelTemp);
    expect(config.get("LAMP_PWM") === 1 ? "pwm" : "relay").toBe(p.lampDriver);
    // PANEL_SENSOR selects one of two names rather than holding a number.
    const selected = /#define PANEL_SENSOR (PANEL_SENSOR_\w+)/.exec(
      readFileSync(join(unoDir, "config.h"), "utf8"),
    )?.[1];
    const names: Record<string, string> = {
      PANEL_SENSOR_TMP36: "tmp36",
      PANEL_SENSOR_NTC: "ntc10k",
    };
    expect(names[selected ?? ""]).toBe(p.sensors.panelTemp);
  });

  it("builds the target the profile names, for the profile's MCU", () => {
    expect(makefile).toMatch(new RegExp(`^TARGET = ${p.build?.target}$`, "m"));
    expect(makefile).toMatch(/^BOARD_TAG = uno$/m);
    expect(p.mcu).toBe("atmega328p");
    expect(p.fCpuHz).toBe(16_000_000);
  });
});

function withEdit(edit: (p: Record<string, unknown>) => void): string {
  const p = JSON.parse(readFileSync(join(unoDir, "profile.json"), "utf8")) as Record<
    string,
    unknown
  >;
  edit(p);
  return JSON.stringify(p);
}

function refusal(text: string): string {
  try {
    parseProfile(text, join(unoDir, "profile.json"));
  } catch (e) {
    if (isOrbitrigError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "accepted";
}

type Sensors = { ina219: Array<Record<string, unknown>> };

describe("a broken profile.json is refused with its file and field", () => {
  it.each([
    ["not JSON", "{ nope", /FIRMWARE_PROFILE: .*profile\.json: not valid JSON/],
    [
      "an address outside the INA219 range",
      withEdit((p) => {
        (p.sensors as Sensors).ina219[0]!.address = "0x20";
      }),
      /sensors\.ina219\[0\]\.address: an INA219 address in 0x40\.\.0x4F/,
    ],
    [
      "an address that is not hex",
      withEdit((p) => {
        (p.sensors as Sensors).ina219[0]!.address = 64;
      }),
      /sensors\.ina219\[0\]\.address/,
    ],
    [
      "two channels on one address",
      withEdit((p) => {
        (p.sensors as Sensors).ina219[1]!.address = "0x40";
      }),
      /sensors\.ina219: two channels share an I2C address/,
    ],
    [
      "an unknown role",
      withEdit((p) => {
        (p.sensors as Sensors).ina219[1]!.role = "sun";
      }),
      /sensors\.ina219\[1\]\.role/,
    ],
    [
      "channels out of order",
      withEdit((p) => {
        (p.sensors as Sensors).ina219[1]!.channel = 3;
      }),
      /sensors\.ina219\[1\]\.channel: channels must be numbered/,
    ],
    [
      "a name that differs from the folder",
      withEdit((p) => {
        p.name = "uno-other";
      }),
      /name: "uno-other" differs from its folder "uno-ina219"/,
    ],
    [
      "an orbitrig profile without a protocol version",
      withEdit((p) => {
        p.protocolVersion = null;
      }),
      /protocolVersion: a number for kind orbitrig/,
    ],
    [
      "a hex that is not .hex",
      withEdit((p) => {
        p.hex = "uno.bin";
      }),
      /hex: a path ending in \.hex/,
    ],
    [
      "a hex outside the profile folder",
      withEdit((p) => {
        p.hex = "../../node_modules/x/StandardFirmata.cpp.hex";
      }),
      /hex: a path inside the profile folder/,
    ],
    [
      "both a build and a prebuilt hex",
      withEdit((p) => {
        p.prebuilt = {
          sha256: "0".repeat(64),
          licence: "MIT",
          licenceFile: "LICENSE",
          source: "here",
          origin: "there",
        };
      }),
      /build: either build .* or prebuilt/,
    ],
    [
      "neither a build nor a prebuilt hex",
      withEdit((p) => {
        delete p.build;
      }),
      /build: either build .* or prebuilt/,
    ],
    [
      "a prebuilt hex without a proper SHA-256",
      withEdit((p) => {
        delete p.build;
        p.prebuilt = {
          sha256: "abc",
          licence: "MIT",
          licenceFile: "LICENSE",
          source: "here",
          origin: "there",
        };
      }),
      /prebuilt\.sha256: 64 lower-case hex digits/,
    ],
    [
      "an unknown key",
      withEdit((p) => {
        p.colour = "blue";
      }),
      /colour/,
    ],
    [
      "no avrdude part",
      withEdit((p) => {
        delete (p.avrdude as Record<string, unknown>).partno;
      }),
      /avrdude\.partno/,
    ],
  ])("%s", (_label, text, expected) => {
    expect(refusal(text)).toMatch(expected);
  });

  it("accepts the committed profile unchanged (the table above edits one field each)", () => {
    expect(refusal(withEdit(() => {}))).toBe("accepted");
  });

  it("names the known profiles when asked for one that does not exist", () => {
    expect(() => loadProfile("uno-nope")).toThrow(
      /no firmware profile 'uno-nope' \(known: standard-firmata, uno-ina219/,
    );
  });
});
