/*
 * Panel temperature (TMP36 or 10 k NTC on an analog pin), board temperature (the
 * ATmega328P's internal sensor, ADC channel 8 against the 1.1 V reference) and the
 * supply voltage (the 1.1 V bandgap measured against AVCC), sampled by a small state
 * machine that never blocks for more than a few ADC conversions (~0.5 ms).
 */
#ifndef ORBITRIG_TEMPERATURE_H
#define ORBITRIG_TEMPERATURE_H

#include <stdint.h>

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
