/*
 * Temperature sensing.
 * - TMP36: Analog Devices TMP35/TMP36/TMP37 datasheet, Vout = 500 mV + 10 mV/C,
 *   read as a temperature from -40 C up to its +150 C operating limit (temperature.h).
 * - NTC: Beta equation 1/T = 1/T25 + ln(R/R25)/B.
 * - Internal sensor: ATmega328P datasheet (DS40002061B) 24.8 "Temperature
 *   Measurement", table 24-2: 242 mV at -45 C, 314 mV at +25 C, 380 mV at +85 C;
 *   ADC channel 8 with the internal 1.1 V reference. The first conversion after a
 *   reference change may be wrong (24.5.2) and the Uno's 100 nF on AREF needs a few
 *   milliseconds to follow the change, hence the settle states.
 * - Supply: the 1.1 V bandgap (ADC channel 14) read against AVCC gives Vcc, which
 *   corrects the TMP36 reading for a USB supply that is rarely 5.00 V.
 */
#include <avr/io.h>
#include <math.h>
#include "config.h"
#include "temperature.h"

Temperatures temps;

namespace {
const uint8_t REF_AVCC = _BV(REFS0);
const uint8_t REF_1V1 = _BV(REFS1) | _BV(REFS0);
const uint8_t MUX_TEMP = 8;
const uint8_t MUX_BANDGAP = 14;
const uint16_t PANEL_PERIOD_MS = 20;
const uint16_t BOARD_PERIOD_MS = 1000;
const uint8_t SETTLE_MS = 10;

enum Phase : uint8_t { AVCC_READY, SETTLE_1V1, SETTLE_AVCC };
Phase phase;
uint32_t phaseSinceMs;
uint32_t lastPanelMs;
uint32_t lastBoardMs;
// Panel ADC count x16, exponentially filtered (weight 1/8 per 20 ms sample, ~160 ms).
uint32_t panelX16;
bool panelPrimed;

uint16_t convert(uint8_t admux) {
  ADMUX = admux;
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADC;  // 13 ADC clocks at 125 kHz: 104 us
}

void samplePanel(void) {
  convert(REF_AVCC | PANEL_ADC_CHANNEL);  // discard: mux just changed
  const uint32_t raw = convert(REF_AVCC | PANEL_ADC_CHANNEL);
  if (!panelPrimed) {
    panelX16 = raw << 4;
    panelPrimed = true;
  } else {
    panelX16 = panelX16 - (panelX16 >> 3) + (raw << 1);
  }
#if PANEL_SENSOR == PANEL_SENSOR_NTC
  const int16_t c100 = ntcC100(panelX16);
#else
  const int16_t c100 = tmp36C100(panelX16, temps.vccMv);
#endif
  // Outside the sensor's range means open, shorted or absent: not a temperature.
  temps.panelValid = c100 > TMP36_MIN_C100 && c100 < TMP36_MAX_C100;
  temps.panelC100 = temps.panelValid ? c100 : 0;
  temps.panelUpdated = true;
}

void sampleVcc(void) {
  convert(REF_AVCC | MUX_BANDGAP);  // bandgap needs ~70 us after muxing: discard one
  const uint16_t raw = convert(REF_AVCC | MUX_BANDGAP);
  const uint16_t mv = raw == 0 ? 0 : (uint16_t)(1126400UL / raw);  // 1100 mV * 1024
  temps.vccMv = (mv >= 2700 && mv <= 5600) ? mv : 5000;
}
}  // namespace

int16_t tmp36C100(uint32_t rawX16, uint16_t vccMv) {
  const int32_t mvX16 = (int32_t)((rawX16 * vccMv) >> 10);
  // C100 = (mV - offset) * 100 / (mV/C), with mV = mvX16 / 16: at 10 mV/C that is
  // mvX16 * 10 / 16, written mvX16 * 5 / 8; the assertion ties the 5 / 8 to the define.
  static_assert(100 / TMP36_MV_PER_C * 8 == 5 * 16, "tmp36C100's 5 / 8 assumes 10 mV/C");
  return (int16_t)(mvX16 * 5 / 8 - TMP36_OFFSET_MV * (100 / TMP36_MV_PER_C));
}

int16_t ntcC100(uint32_t rawX16) {
  // 5 V - series R - pin - NTC - GND: Rntc = Rs * raw / (1024 - raw), ratiometric.
  if (rawX16 < 16 || rawX16 >= 1023UL * 16) return -27315;
  const double raw = rawX16 / 16.0;
  const double r = NTC_SERIES_OHMS * raw / (1024.0 - raw);
  const double kelvin = 1.0 / (1.0 / 298.15 + log(r / NTC_R25_OHMS) / NTC_BETA);
  return (int16_t)lround((kelvin - 273.15) * 100.0);
}

int16_t boardC100(uint16_t raw) {
  // Counts to mV against 1.1 V, then the datasheet's two straight segments.
  const int32_t mv = (int32_t)raw * 1100 / 1024;
  int32_t c100;
  if (mv < 314) c100 = 2500 + (mv - 314) * 7000 / 72;
  else c100 = 2500 + (mv - 314) * 6000 / 66;
  return (int16_t)(c100 + BOARD_TEMP_OFFSET_C100);
}

void temperatureBegin(uint32_t nowMs) {
  // Arduino's init() has enabled the ADC with prescaler 128 (125 kHz at 16 MHz).
  temps.vccMv = 5000;
  sampleVcc();
  samplePanel();
  phase = AVCC_READY;
  lastPanelMs = nowMs;
  // First board reading one period after boot, not during the boot burst.
  lastBoardMs = nowMs;
}

void temperatureService(uint32_t nowMs) {
  switch (phase) {
    case AVCC_READY:
      if (nowMs - lastPanelMs >= PANEL_PERIOD_MS) {
        lastPanelMs = nowMs;
        samplePanel();
      }
      if (nowMs - lastBoardMs >= BOARD_PERIOD_MS) {
        lastBoardMs = nowMs;
        sampleVcc();
        ADMUX = REF_1V1 | MUX_TEMP;  // switch the reference, then let AREF settle
        phase = SETTLE_1V1;
        phaseSinceMs = nowMs;
      }
      break;
    case SETTLE_1V1:
      if (nowMs - phaseSinceMs >= SETTLE_MS) {
        convert(REF_1V1 | MUX_TEMP);  // discard: first after a reference change
        uint16_t sum = 0;
        for (uint8_t i = 0; i < 4; i++) sum += convert(REF_1V1 | MUX_TEMP);
        const uint16_t raw = sum / 4;
        // Table 24-2 spans 242..380 mV; far outside is a missing or broken reading.
        temps.boardValid = raw >= 200 && raw <= 450;
        temps.boardC100 = temps.boardValid ? boardC100(raw) : 0;
        ADMUX = REF_AVCC | PANEL_ADC_CHANNEL;
        phase = SETTLE_AVCC;
        phaseSinceMs = nowMs;
      }
      break;
    case SETTLE_AVCC:
      if (nowMs - phaseSinceMs >= SETTLE_MS) {
        convert(REF_AVCC | PANEL_ADC_CHANNEL);  // discard
        phase = AVCC_READY;
      }
      break;
  }
}
