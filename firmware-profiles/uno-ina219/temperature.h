/*
 * Panel temperature (TMP36 or 10 k NTC on an analog pin), board temperature (the
 * ATmega328P's internal sensor, ADC channel 8 against the 1.1 V reference) and the
 * supply voltage (the 1.1 V bandgap measured against AVCC), sampled by a small state
 * machine that never blocks for more than a few ADC conversions (~0.5 ms).
 */
#ifndef ORBITRIG_TEMPERATURE_H
#define ORBITRIG_TEMPERATURE_H

#include <stdint.h>

/* TMP36 (Analog Devices TMP35/36/37 data sheet rev. H: Table 4, and page 1's "specified
 * -40 C to +125 C, operation to +150 C"): output mV = offset + mV/C x C; a reading
 * outside -40..150 C is not a temperature. tests/firmware/chip-constants.test.ts checks
 * these against src/chips/tmp36.ts. */
#define TMP36_OFFSET_MV 500
#define TMP36_MV_PER_C 10
#define TMP36_MIN_C100 -4000
#define TMP36_MAX_C100 15000

struct Temperatures {
  int16_t panelC100;
  bool panelValid;
  int16_t boardC100;
  bool boardValid;
  uint16_t vccMv;
  /** Set when a new panel sample was filtered in (the over-temperature check runs then). */
  bool panelUpdated;
};

extern Temperatures temps;

void temperatureBegin(uint32_t nowMs);
void temperatureService(uint32_t nowMs);

/** Pure conversions (raw ADC counts -> hundredths of a degree C). */
int16_t tmp36C100(uint32_t rawX16, uint16_t vccMv);
int16_t ntcC100(uint32_t rawX16);
int16_t boardC100(uint16_t raw);

#endif
