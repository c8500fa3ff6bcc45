import { describe, expect, it } from "vitest";
import { tmp36ReadingC } from "../../src/chips/tmp36.js";
import { benchSchema } from "../../src/config/schema/bench.js";
import { VirtualBench } from "../../src/emulator/bench.js";
import { initialLamp, irradianceWm2, stepLamp } from "../../src/emulator/lamp.js";
import { ntcDividerV, stepPanelTemp } from "../../src/emulator/panel-thermal.js";
import { panelCharacteristics, solveOperatingPoint } from "../../src/emulator/solar-cell.js";

const bench = benchSchema.parse(undefined);
const panel = bench.panel;

describe("single-diode panel (default 6 V / 1 W)", () => {
  it("has its rated Isc and Voc at 1000 W/m2, 25 C and a maximum power near 1 W at about 6 V", () => {
    const c = panelCharacteristics(panel, 1000, 25);
    expect(c.iscA).toBeCloseTo(panel.iscA, 3);
    // Voc sits slightly below the datasheet point because the shunt resistance leaks.
    expect(c.vocV).toBeGreaterThan(panel.vocV * 0.97);
    expect(c.vocV).toBeLessThanOrEqual(panel.vocV);
    expect(c.mpp.powerW).toBeGreaterThan(0.85);
    expect(c.mpp.powerW).toBeLessThan(1.1);
    expect(c.mpp.voltageV).toBeGreaterThan(5.3);
    expect(c.mpp.voltageV).toBeLessThan(6.3);
  });

  it("scales Isc with irradiance and loses Voc and power when hot", () => {
    const full = panelCharacteristics(panel, 1000, 25);
    const half = panelCharacteristics(panel, 500, 25);
    expect(half.iscA / full.iscA).toBeCloseTo(0.5, 2);
    expect(half.vocV).toBeLessThan(full.vocV);
    const hot = panelCharacteristics(panel, 1000, 50);
    expect(hot.vocV / full.vocV).toBeCloseTo(1 + panel.vocTempCoeffPerC * 25, 2);
    expect(hot.mpp.powerW).toBeLessThan(full.mpp.powerW * 0.95);
  });

  const loads = [0.5, 10, 30, 100, 1000, 1e5];
  it.each(loads)(
    "solves an operating point on the load line and on the I-V curve (%s ohm)",
    (ohms) => {
      const op = solveOperatingPoint(panel, 800, 30, ohms);
      expect(op.voltageV).toBeCloseTo(op.currentA * ohms, 6);
      // Back-substitute into the diode equation at that point: the residual is tiny.
      const tK = 303.15;
      const a = panel.ideality * panel.cellsInSeries * ((1.380649e-23 * tK) / 1.602176634e-19);
      const dT = 5;
      const isc = panel.iscA * (1 + panel.iscTempCoeffPerC * dT);
      const voc = panel.vocV * (1 + panel.vocTempCoeffPerC * dT);
      const iph = ((isc * (panel.seriesOhms + panel.shuntOhms)) / panel.shuntOhms) * 0.8;
      const i0 = isc / Math.expm1(voc / a);
      const vj = op.voltageV + op.currentA * panel.seriesOhms;
      const i = iph - i0 * Math.expm1(vj / a) - vj / panel.shuntOhms;
      expect(Math.abs(i - op.currentA)).toBeLessThan(1e-9);
    },
  );

  it("gives no power in the dark", () => {
    expect(solveOperatingPoint(panel, 0, 25, 50).powerW).toBe(0);
  });
});

describe("lamp and panel temperature", () => {
  it("an LED lamp follows its duty at once; a halogen lamp lags with its warm-up constant", () => {
    const led = { ...bench.lamp, kind: "led" as const };
    expect(irradianceWm2(led, stepLamp(led, initialLamp, 0.001, 0.5))).toBeCloseTo(
      led.ambientIrradianceWm2 + 0.5 * led.fullIrradianceWm2,
      6,
    );
    const halogen = { ...bench.lamp, kind: "halogen" as const };
    let s = initialLamp;
    for (let t = 0; t < halogen.warmUpS; t += 0.001) s = stepLamp(halogen, s, 0.001, 1);
    expect(s.output).toBeCloseTo(1 - Math.exp(-1), 2);
    for (let t = 0; t < halogen.coolDownS; t += 0.001) s = stepLamp(halogen, s, 0.001, 0);
    expect(s.output).toBeLessThan(0.25);
  });

  it("heats toward ambient + k*G with its time constant and cools back", () => {
    let t = 22;
    const p = panel;
    for (let i = 0; i < p.thermalTauS * 10; i++) t = stepPanelTemp(p, t, 0.1, 800, 22);
    expect(t).toBeCloseTo(22 + p.heatingCPerWm2 * 800 * (1 - Math.exp(-1)), 1);
    for (let i = 0; i < p.thermalTauS * 100; i++) t = stepPanelTemp(p, t, 0.1, 0, 22);
    expect(t).toBeCloseTo(22, 1);
  });

  it("puts the TMP36's output for the panel temperature on A0, which the host reads back as that temperature", () => {
    const b = new VirtualBench(bench);
    const seen: number[] = [];
    for (let i = 0; i < 600; i++) {
      b.step(1, { lamp: 1, load: 0 });
      if (i % 100 === 0) seen.push(b.truth.panelTempC);
      expect(tmp36ReadingC(b.truth.sensorV)).toBeCloseTo(b.truth.panelTempC, 9);
    }
    // The panel warmed under the lamp, so the check covered more than one temperature.
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(5);
  });

  it("NTC divider gives half the supply at 25 C and falls as it warms", () => {
    expect(ntcDividerV(25)).toBeCloseTo(2.5, 6);
    expect(ntcDividerV(50)).toBeLessThan(ntcDividerV(25));
  });
});

describe("virtual bench circuit", () => {
  it("array current equals base plus load current, and loading the bus lowers its voltage", () => {
    const b = new VirtualBench(bench);
    b.step(0.001, { lamp: 1, load: 0 });
    const idle = b.truth;
    b.step(0.001, { lamp: 1, load: 1 });
    const loaded = b.truth;
    expect(loaded.arrayCurrentA).toBeCloseTo(loaded.baseCurrentA + loaded.loadCurrentA, 9);
    expect(loaded.busV).toBeLessThan(idle.busV);
    expect(loaded.arrayCurrentA).toBeGreaterThan(idle.arrayCurrentA);
    expect(idle.loadCurrentA).toBeCloseTo(0, 9);
    const array = b.inaInputs("array", 0.1);
    expect(array.shuntV).toBeCloseTo(loaded.arrayCurrentA * 0.1, 9);
  });

  it("keeps the cell lit when the lamp is stuck on", () => {
    const b = new VirtualBench(bench);
    b.faults.lampStuckOn = true;
    b.step(0.001, { lamp: 0, load: 0 });
    expect(b.truth.irradianceWm2).toBeGreaterThan(bench.lamp.fullIrradianceWm2);
  });
});
