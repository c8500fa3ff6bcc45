/**
 * Rig file `bench:` section: the virtual bench of the emulated rig (read by src/emulator).
 * Defaults describe a small 6 V / 1 W polycrystalline panel (12 cells, Voc 7.2 V, Isc
 * 0.19 A at 1000 W/m2 and 25 C) under an LED lamp, measured through 0.1 ohm shunts by two
 * INA219s (array at 0x40, load at 0x41), with a TMP36 on the panel, in a 22 C room.
 */
import { z } from "zod";

const lampSchema = z
  .strictObject({
    /** "led": irradiance follows the PWM duty at once; "halogen": a filament with warm-up and cool-down lag. */
    kind: z.enum(["led", "halogen"]).default("led"),
    /** Irradiance on the panel at full lamp, W/m2 (a 50 W MR16 spot at 30 cm gives about 800, docs/physics.md §8). */
    fullIrradianceWm2: z.number().positive().max(2000).default(800),
    /** Room light on the panel with the lamp off, W/m2. */
    ambientIrradianceWm2: z.number().min(0).max(200).default(2),
    /** Halogen only: first-order time constant when the level rises, seconds. */
    warmUpS: z.number().positive().default(0.25),
    /** Halogen only: time constant when the level falls, seconds. */
    coolDownS: z.number().positive().default(0.4),
  })
  .prefault({});

const panelSchema = z
  .strictObject({
    /** Open-circuit voltage at 1000 W/m2, 25 C, volts. */
    vocV: z.number().positive().default(7.2),
    /** Short-circuit current at 1000 W/m2, 25 C, amperes. */
    iscA: z.number().positive().default(0.19),
    /** Cells in series. */
    cellsInSeries: z.number().int().positive().default(12),
    /** Diode ideality factor (1..2). */
    ideality: z.number().min(0.8).max(2.5).default(1.3),
    /** Series resistance of the whole panel, ohms. */
    seriesOhms: z.number().min(0).default(1),
    /** Shunt (leakage) resistance of the whole panel, ohms. */
    shuntOhms: z.number().positive().default(300),
    /** Voc temperature coefficient, fraction per C (c-Si about -0.0033). */
    vocTempCoeffPerC: z.number().default(-0.0033),
    /** Isc temperature coefficient, fraction per C (c-Si about +0.0005). */
    iscTempCoeffPerC: z.number().default(0.0005),
    /** Panel heating at steady state, C per W/m2 (Ross coefficient, about 0.03). */
    heatingCPerWm2: z.number().min(0).default(0.03),
    /** Thermal time constant of the panel, seconds. */
    thermalTauS: z.number().positive().default(60),
    /** Panel temperature sensor wired to A0. */
    sensor: z.enum(["tmp36", "ntc"]).default("tmp36"),
  })
  .prefault({});

const inaSchema = z.strictObject({
  /** 7-bit I2C address, 0x40..0x4F. */
  address: z.number().int().min(0x40).max(0x4f),
  /** Which branch of the circuit its shunt is in. */
  branch: z.enum(["array", "load"]),
  /** Shunt resistor, ohms. */
  shuntOhms: z.number().positive().default(0.1),
  /** False: the chip is not fitted and NACKs its address. */
  present: z.boolean().default(true),
});

export const benchSchema = z
  .strictObject({
    lamp: lampSchema,
    panel: panelSchema,
    /** Always-on load across the bus, ohms (housekeeping). */
    baseLoadOhms: z.number().positive().default(100),
    /** The compute load switched by the load PWM pin (D10), ohms at full duty (a bulk
     * capacitor on the bus averages the PWM, so duty d acts as computeLoadOhms / d). With the
     * base load in parallel, full duty gives 32 ohms, near the default panel's maximum-power
     * resistance (36 ohms at 1000 W/m2, 41 ohms hot at 800 W/m2): the load level moves the
     * operating point across the knee, as a real compute load would. */
    computeLoadOhms: z.number().positive().default(47),
    inas: z
      .array(inaSchema)
      .min(0)
      .max(4)
      // Two chips at one address answer as one: the bus reads garbage or nothing (0 mW).
      .superRefine((inas, ctx) => {
        inas.forEach((ina, i) => {
          const first = inas.findIndex((o) => o.address === ina.address);
          if (first < i) {
            ctx.addIssue({
              code: "custom",
              path: [i, "address"],
              message: `0x${ina.address.toString(16)} is also the address of bench.inas.${first}: each INA219 needs its own address (A0/A1 pins)`,
            });
          }
        });
      })
      .default([
        { address: 0x40, branch: "array", shuntOhms: 0.1, present: true },
        { address: 0x41, branch: "load", shuntOhms: 0.1, present: true },
      ]),
    /** Room temperature, C. */
    ambientC: z.number().min(-40).max(60).default(22),
    /** MCU die temperature above ambient (self-heating), C. */
    dieRiseC: z.number().min(0).max(30).default(3),
    /** Sensor noise, standard deviation in LSBs of the INA219 registers. */
    noiseLsb: z.number().min(0).max(10).default(0.5),
    /** Seed of the noise generator (same seed, same run). */
    seed: z.number().int().default(1),
  })
  .prefault({});

export type BenchConfig = z.infer<typeof benchSchema>;
export type BenchInaConfig = z.infer<typeof inaSchema>;
