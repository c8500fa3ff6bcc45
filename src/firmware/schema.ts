/**
 * The schema of firmware-profiles/NAME/profile.json: what a profile tells the host
 * about the board it builds for (MCU, clock, baud, pins, sensors) and how to build
 * and flash it (avrdude programmer, baud and part number).
 */
import { z } from "zod";

const hexAddress = z
  .string()
  .regex(/^0x[0-9A-Fa-f]{2}$/, 'an I2C address like "0x40"')
  .transform((s) => Number.parseInt(s, 16))
  .refine((a) => a >= 0x40 && a <= 0x4f, "an INA219 address in 0x40..0x4F (TI SBOS448 table 1)");

const pin = z.string().regex(/^[AD]\d{1,2}$/, 'an Arduino pin name like "D9" or "A0"');

export const inaChannelSchema = z.strictObject({
  channel: z.number().int().min(0).max(3),
  address: hexAddress,
  role: z.enum(["array", "load", "battery", "aux"]),
});

export const profileSchema = z
  .strictObject({
    /** Must equal the folder name. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
    description: z.string().min(1),
    /** orbitrig: speaks protocol v1 (SerialBoard); firmata: StandardFirmata (FirmataBoard). */
    kind: z.enum(["orbitrig", "firmata"]),
    board: z.string().min(1),
    /** avr-gcc's name for the chip, e.g. atmega328p. */
    mcu: z.string().regex(/^at[a-z0-9]+$/, 'an avr-gcc MCU name like "atmega328p"'),
    fCpuHz: z.number().int().positive(),
    /** Serial baud rate of the firmware's link. */
    baud: z.number().int().positive(),
    /** orbitrig line protocol version (kind orbitrig), or null (kind firmata). */
    protocolVersion: z.number().int().positive().nullable(),
    firmwareVersion: z.string().min(1),
    /** The built Intel HEX, relative to the profile folder (and inside it). */
    hex: z
      .string()
      .regex(/\.hex$/, "a path ending in .hex")
      .refine(
        (h) => !h.startsWith("/") && !h.split(/[\\/]/).includes(".."),
        "a path inside the profile folder",
      ),
    /** How to build it from the profile's source; absent for a prebuilt hex. */
    build: z
      .strictObject({ system: z.literal("arduino-mk"), target: z.string().min(1) })
      .optional(),
    /** A third-party hex shipped as it came: its identity, licence and where its source is. */
    prebuilt: z
      .strictObject({
        /** SHA-256 of the hex file as shipped (firmware-profiles/check-hex.sh checks it). */
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits"),
        /** SPDX licence identifier, e.g. "LGPL-2.1-or-later". */
        licence: z.string().min(1),
        /** The licence text, relative to the profile folder. */
        licenceFile: z.string().min(1),
        /** Where its source is (repository and path). */
        source: z.string().min(1),
        /** Where this copy came from, and whether it was changed. */
        origin: z.string().min(1),
      })
      .optional(),
    avrdude: z.strictObject({
      /** avrdude -c, e.g. "arduino" for the Uno's Optiboot. */
      programmer: z.string().min(1),
      /** avrdude -b: the bootloader's baud rate (115200 Uno, 57600 old Nano). */
      baud: z.number().int().positive(),
      /** avrdude -p, e.g. "m328p". */
      partno: z.string().min(1),
    }),
    pins: z.strictObject({ lamp: pin, load: pin, panelTemp: pin, sda: pin, scl: pin }),
    lampDriver: z.enum(["pwm", "relay"]),
    sensors: z.strictObject({
      ina219: z.array(inaChannelSchema).min(1).max(4),
      panelTemp: z.enum(["tmp36", "ntc10k"]),
      boardTemp: z.enum(["atmega328p-internal", "none"]),
    }),
  })
  .superRefine((p, ctx) => {
    p.sensors.ina219.forEach((c, i) => {
      if (c.channel !== i) {
        ctx.addIssue({
          code: "custom",
          path: ["sensors", "ina219", i, "channel"],
          message: `channels must be numbered 0,1,2,... in order; expected ${i}`,
        });
      }
    });
    const addresses = p.sensors.ina219.map((c) => c.address);
    if (new Set(addresses).size !== addresses.length) {
      ctx.addIssue({
        code: "custom",
        path: ["sensors", "ina219"],
        message: "two channels share an I2C address",
      });
    }
    if ((p.build === undefined) === (p.prebuilt === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["build"],
        message:
          "either build (built from the profile's source) or prebuilt (a shipped hex), not both or neither",
      });
    }
    if ((p.kind === "orbitrig") !== (p.protocolVersion !== null)) {
      ctx.addIssue({
        code: "custom",
        path: ["protocolVersion"],
        message: "a number for kind orbitrig, null for kind firmata",
      });
    }
  });

export type ProfileFile = z.infer<typeof profileSchema>;
export type InaChannelProfile = z.infer<typeof inaChannelSchema>;
