/*
 * Build-time configuration of the uno-ina219 profile. profile.json describes the same
 * rig for the host; tests/firmware/profile.test.ts fails when the two disagree, so
 * change both together (then `orbitrig firmware build uno-ina219`).
 */
#ifndef ORBITRIG_CONFIG_H
#define ORBITRIG_CONFIG_H

#define FIRMWARE_PROFILE "uno-ina219"
#define FIRMWARE_VERSION "0.1.0"

/* Serial link: 115200 (default), 500000 or 1000000. The last two are exact at 16 MHz
 * with U2X (UBRR 3 and 1); 115200 is 2.1 % fast, as in every Arduino sketch. */
#ifndef LINK_BAUD
#define LINK_BAUD 115200
#endif

/* INA219 channels, 1 to 4: 7-bit address and role (array, load, battery, aux).
 * Address straps per TI SBOS448 table 1: A1=GND,A0=GND 0x40; GND,VS+ 0x41;
 * GND,SDA 0x42; GND,SCL 0x43; VS+,GND 0x44; VS+,VS+ 0x45; ... up to 0x4F. */
#define INA_CHANNEL_COUNT 2
#define INA_CH0_ADDR 0x40
#define INA_CH0_ROLE "array"
#define INA_CH1_ADDR 0x41
#define INA_CH1_ROLE "load"
#define INA_CH2_ADDR 0x44
#define INA_CH2_ROLE "battery"
#define INA_CH3_ADDR 0x45
#define INA_CH3_ROLE "aux"

/* Boot calibration of every channel (the host overrides it with CAL).
 * 0.1 ohm shunt, small 6 V / 1 W cell (about 0.2 A short-circuit current):
 *   config 0x05DF = BRNG 16 V, PGA /1 (+-40 mV = +-0.4 A), bus and shunt 12-bit with
 *                   8-sample averaging (4.26 ms each), continuous shunt and bus;
 *   current LSB 12.5 uA, cal = trunc(0.04096 / (12.5e-6 * 0.1)) = 32768 (0x8000).
 * With these the full +-40 mV shunt range maps to current +-32000 LSB: the current
 * register never overflows before the shunt ADC saturates, and its LSB (12.5 uA) is
 * finer than the shunt ADC step (10 uV / 0.1 ohm = 100 uA), so no resolution is lost.
 * The 4.26 ms averaging window spans ~17 periods of the 3.9 kHz lamp/load PWM, so a
 * dimmed lamp reads as its mean, not as whichever half of a period a 532 us sample hit;
 * a fresh result every 8.5 ms (~117 Hz) is still faster than the 115200-baud maxhz. */
#define INA_DEFAULT_CONFIG 0x05DF
#define INA_DEFAULT_CAL 32768
#define INA_DEFAULT_CURRENT_LSB_NA 12500L
#define I2C_CLOCK_HZ 400000L

/* Pins. Lamp and load use timer1 (OC1A = D9, OC1B = D10) so timer0, which runs
 * millis(), is never touched and timer1's PWM frequency can be chosen freely. */
#define PIN_LAMP 9
#define PIN_LOAD 10
/* Lamp driver: 1 = PWM (LED lamp through a logic-level MOSFET, dims),
 * 0 = relay (halogen through a relay module, any level > 0 is on). */
#define LAMP_PWM 1
/* Timer1 prescaler 8 in Arduino's 8-bit phase-correct mode: 16 MHz / 8 / 510 = 3.92 kHz.
 * Far above visible flicker and well inside an INA219 averaging window; slow enough
 * that a 220 ohm gate resistor keeps MOSFET switching losses under 1 %. */
#define PWM_TIMER1_PRESCALER_BITS _BV(CS11)

/* Panel temperature sensor on A0: TMP36 (default) or a 10 k NTC (Beta equation). */
#define PANEL_ADC_CHANNEL 0
#define PANEL_SENSOR_TMP36 1
#define PANEL_SENSOR_NTC 2
#ifndef PANEL_SENSOR
#define PANEL_SENSOR PANEL_SENSOR_TMP36
#endif
/* NTC wiring: 5 V - NTC_SERIES_OHMS - A0 - NTC - GND. */
#define NTC_SERIES_OHMS 10000.0
#define NTC_R25_OHMS 10000.0
#define NTC_BETA 3950.0

/* The MCU's internal sensor has a +-10 C offset from part to part (ATmega328P
 * datasheet 24.8); measure once and set this. */
#define BOARD_TEMP_OFFSET_C100 0

#endif
