/*
 * INA219 current/power monitor at register level through Wire.
 * Source: TI SBOS448G "INA219 Zero-Drift, Bidirectional Current/Power Monitor With
 * I2C Interface", section 8.6 (registers 00h config, 01h shunt, 02h bus, 03h power,
 * 04h current, 05h calibration) and 8.5.1 (programming the calibration register).
 */
#ifndef ORBITRIG_INA219_H
#define ORBITRIG_INA219_H

#include <stdint.h>

struct InaChannel {
  uint8_t address;
  const char *role;
  bool present;
  uint16_t config;
  uint16_t cal;
  /** Current register LSB in nA, given by the host with the calibration. */
  int32_t currentLsbNa;
};

struct InaReading {
  int32_t busMv;
  int32_t shuntUv;
  int32_t currentUa;
  int32_t powerUw;
  /** OVF bit, a saturated shunt ADC, or a power beyond the int32 uW field. */
  bool overflow;
};

/** True when the chip ACKs its address (Wire.endTransmission() == 0). */
bool inaProbe(uint8_t address);
/** Writes config and calibration and reads config back. False on any NACK or mismatch. */
bool inaConfigure(const InaChannel &ch);
/** Reads bus, shunt, current and power. False on any NACK. */
bool inaRead(const InaChannel &ch, InaReading &out);

/** Pure conversions, apart from the IO so they can be checked by hand. */
int32_t inaCurrentUa(int16_t raw, int32_t lsbNa);
/** Power in uW, or -1 when it exceeds INT32_MAX. Power LSB = 20 x current LSB. */
int32_t inaPowerUw(uint16_t raw, int32_t lsbNa);

#endif
