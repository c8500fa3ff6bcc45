import { describe, expect, it } from "vitest";
import { countOf, visibleControls } from "../../src/core/text.js";

describe("text for people", () => {
  it("a count takes the singular only for exactly one", () => {
    expect(countOf(1, "orbit")).toBe("1 orbit");
    expect(countOf(0, "orbit")).toBe("0 orbits");
    expect(countOf(2, "frame")).toBe("2 frames");
    expect(countOf(3, "battery", "batteries")).toBe("3 batteries");
  });

  it("control characters from outside are shown, not acted on", () => {
    expect(visibleControls("a\u001b]0;x\u0007b")).toBe("a\\u001b]0;x\\u0007b");
    expect(visibleControls("a\tb\nc", "tabs-and-breaks")).toBe("a\tb\nc");
    expect(visibleControls("a\tb")).toBe("a\\u0009b");
    // C1 controls (0x9b starts an escape sequence on some terminals) and the bidirectional
    // overrides that make a rig name show as another.
    expect(visibleControls("a\u009b31mb")).toBe("a\\u009b31mb");
    expect(visibleControls("desk-\u202e1-ksed")).toBe("desk-\\u202e1-ksed");
    expect(visibleControls("x\u2066y\u2069", "tabs-and-breaks")).toBe("x\\u2066y\\u2069");
    expect(visibleControls("température ±1 °C")).toBe("température ±1 °C");
  });
});
