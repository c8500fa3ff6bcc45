/** Rig file `board:` and `calibration:` sections. */
import { z } from "zod";

export const boardSchema = z
  .strictObject({
    /** How the board is reached. */
    kind: z.enum(["serial", "firmata", "emulated"]).default("emulated"),
    /** Device path, or "auto" to pick the first Arduino-class USB serial device. */
    port: z.string().min(1).default("auto"),
    baud: z.number().int().positive().default(115200),
    /** Firmware profile folder name under firmware-profiles/. */
    profile: z.string().min(1).default("uno-ina219"),
    /** Telemetry rate asked of the board. */
    rateHz: z.number().int().min(1).max(200).default(10),
    /** How long to wait for HELLO after opening the port (boards reset on open). */
    handshakeTimeoutMs: z.number().int().positive().default(5000),
    /**
     * How the lamp is switched: "pwm" dims (an LED lamp behind a MOSFET; the penumbra
     * is a ramp), "relay" is on or off (a halogen lamp behind a relay module; on while
     * more than half the Sun's disc is visible).
     */
    lampDriver: z.enum(["pwm", "relay"]).default("pwm"),
    /** PWM level that stands for full sun (lower it to keep a bright lamp off the cell). */
    lampFullLevel: z.number().int().min(1).max(255).default(255),
  })
  .prefault({});

export const calibrationSchema = z
  .strictObject({
    /** INA219 shunt resistor of the array channel. */
    shuntOhms: z.number().positive().default(0.1),
    /** Largest current expected through the shunt; sets the INA219 current LSB. */
    maxCurrentA: z.number().positive().default(0.4),
    /** Array power on the bench at full lamp; null until `orbitrig doctor` has measured it. */
    fullSunBenchMw: z.number().positive().nullable().default(null),
    /** Lamp off -> on must raise the array current by at least this factor (doctor's check). */
    lampResponseFactor: z.number().min(1).default(3),
    /** ... within this many milliseconds. */
    lampResponseMs: z.number().int().positive().default(2000),
  })
  .prefault({});

export type BoardConfig = z.infer<typeof boardSchema>;
export type CalibrationConfig = z.infer<typeof calibrationSchema>;
