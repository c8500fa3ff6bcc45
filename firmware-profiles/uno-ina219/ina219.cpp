/*
 * INA219 register access. TI SBOS448G sections 8.5 and 8.6; register pointer write
 * then a two-byte read, MSB first (figures 8-11/8-12).
 */
#include <Wire.h>
#include "ina219.h"

namespace {
bool writeRegister(uint8_t address, uint8_t reg, uint16_t value) {
  Wire.beginTransmission(address);
  Wire.write(reg);
  Wire.write((uint8_t)(value >> 8));
  Wire.write((uint8_t)(value & 0xFF));
  return Wire.endTransmission() == 0;
}

bool readRegister(uint8_t address, uint8_t reg, uint16_t &value) {
  Wire.beginTransmission(address);
  Wire.write(reg);
  // Repeated START between pointer write and read (SBOS448G figure 8-12 allows it):
  // saves a STOP, a START and Wire's wait for the STOP on every register.
  if (Wire.endTransmission(false) != 0) return false;
  if (Wire.requestFrom(address, (uint8_t)2) != 2) return false;
  const uint8_t hi = Wire.read();
  const uint8_t lo = Wire.read();
  value = ((uint16_t)hi << 8) | lo;
  return true;
}
}  // namespace

bool inaProbe(uint8_t address) {
  Wire.beginTransmission(address);
  return Wire.endTransmission() == 0;
}

bool inaConfigure(const InaChannel &ch) {
  if (!writeRegister(ch.address, INA219_REG_CONFIG, ch.config)) return false;
  if (!writeRegister(ch.address, INA219_REG_CALIBRATION, ch.cal)) return false;
  uint16_t readBack;
  if (!readRegister(ch.address, INA219_REG_CONFIG, readBack)) return false;
  return readBack == ch.config;
}

int32_t inaCurrentUa(int16_t raw, int32_t lsbNa) {
  // raw * lsbNa reaches 3.3e11 (32768 x 1e7): split lsbNa so every product fits in
  // 32 bits. Both parts truncate toward zero with the same sign, so the sum equals
  // trunc(raw * lsbNa / 1000).
  const int32_t q = lsbNa / 1000;
  const int32_t r = lsbNa % 1000;
  return (int32_t)raw * q + ((int32_t)raw * r) / 1000;
}

int32_t inaPowerUw(uint16_t raw, int32_t lsbNa) {
  // Power LSB = 20 x current LSB (SBOS448G eq. 3): uW = raw * lsbNa * 20 / 1000.
  const uint32_t perUw = 1000 / INA219_POWER_LSB_PER_CURRENT_LSB;  // 50
  const uint32_t q = (uint32_t)lsbNa / perUw;
  const uint32_t r = (uint32_t)lsbNa % perUw;
  if (q != 0 && raw > 0x7FFFFFFFUL / q) return -1;
  const uint32_t whole = (uint32_t)raw * q;
  const uint32_t part = ((uint32_t)raw * r) / perUw;
  if (whole > 0x7FFFFFFFUL - part) return -1;
  return (int32_t)(whole + part);
}

bool inaRead(const InaChannel &ch, InaReading &out) {
  uint16_t bus, shunt, current, power;
  if (!readRegister(ch.address, INA219_REG_BUS_VOLTAGE, bus)) return false;
  if (!readRegister(ch.address, INA219_REG_SHUNT_VOLTAGE, shunt)) return false;
  if (!readRegister(ch.address, INA219_REG_CURRENT, current)) return false;
  if (!readRegister(ch.address, INA219_REG_POWER, power)) return false;
  out.busMv = (int32_t)(bus >> INA219_BUS_SHIFT) * INA219_BUS_LSB_MV;  // bits 15..3
  out.shuntUv = (int32_t)(int16_t)shunt * INA219_SHUNT_LSB_UV;  // at every PGA setting
  out.currentUa = inaCurrentUa((int16_t)current, ch.currentLsbNa);
  const int32_t powerUw = inaPowerUw(power, ch.currentLsbNa);
  out.powerUw = powerUw < 0 ? 0x7FFFFFFFL : powerUw;
  // The OVF bit only covers the current/power maths; a shunt voltage at the PGA's
  // full scale (40 mV << PGA bits) is saturated too, and the host must know.
  const int16_t fullScale =
      (int16_t)(INA219_SHUNT_FULL_SCALE_PG0 << ((ch.config >> INA219_PG_SHIFT) & 3));
  const int16_t s = (int16_t)shunt;
  out.overflow =
      (bus & INA219_BUS_OVF) != 0 || powerUw < 0 || s >= fullScale || s <= -fullScale;
  return true;
}
