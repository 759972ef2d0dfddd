package io.irsuite.triage.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting and rounding shared by the explanations. */
final class Numbers {

    private Numbers() {
    }

    /** At most two decimals, no trailing zeros: 12.000000000000002 → "12", 0.125 → "0.13". */
    static String fmt(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static double round2(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    static boolean finite(Double value) {
        return value != null && Double.isFinite(value);
    }
}
