package dev.tune4j.cli.report;

import java.awt.Color;
import java.util.Locale;

/** HTML escaping and number formatting for the report page. */
final class Html {

    private Html() {}

    /** {@code text} safe in element content and in quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code value} with {@code decimals} decimals, or an en dash when it was not measured. */
    static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }

    /** A learning rate such as 2.00e-05, which fixed decimals would show as 0.0000. */
    static String scientific(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2e", value) : "–";
    }

    /** A colour as CSS {@code #rrggbb}. */
    static String css(Color color) {
        return String.format(Locale.ROOT, "#%06x", color.getRGB() & 0xFFFFFF);
    }
}
