/*
 * INA219 current/power monitor at register level through Wire.
 * Source: TI SBOS448G "INA219 Zero-Drift, Bidirectional Current/Power Monitor With
 * I2C Interface", section 8.6 (registers 00h config, 01h shunt, 02h bus, 03h power,
 * 04h current, 05h calibration) and 8.5.1 (programming the calibration register).
 */
#ifndef ORBITRIG_INA219_H
#define ORBITRIG_INA219_H

#include <stdint.h>

/* Register pointers (8.6.1), LSBs and bits (8.6.2.1, 8.6.3, 8.5.1) as this firmware uses
 * them. tests/firmware/chip-constants.test.ts checks each against src/chips/ina219.ts,
 * where the host and the emulated chip read them. */
#define INA219_REG_CONFIG 0x00
#define INA219_REG_SHUNT_VOLTAGE 0x01
#define INA219_REG_BUS_VOLTAGE 0x02
#define INA219_REG_POWER 0x03
#define INA219_REG_CURRENT 0x04
#define INA219_REG_CALIBRATION 0x05
#define INA219_SHUNT_LSB_UV 10
#define INA219_BUS_LSB_MV 4
#define INA219_BUS_SHIFT 3
#define INA219_BUS_OVF 0x0001
#define INA219_POWER_LSB_PER_CURRENT_LSB 20
/* PG (bits 12..11) selects +-40 mV << PG; 40 mV is 4000 shunt LSBs. */
#define INA219_PG_SHIFT 11
#define INA219_SHUNT_FULL_SCALE_PG0 4000

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
