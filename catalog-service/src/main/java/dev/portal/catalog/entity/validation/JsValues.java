package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;

/** JavaScript's {@code String(value)} for JSON values, which is how Backstage prints the value it "found". */
final class JsValues {

    private JsValues() {
    }

    static String toJsString(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return number(value.doubleValue());
        }
        if (value.isArray()) {
            // Array.prototype.toString: elements joined by ",", null/undefined as ""
            StringBuilder sb = new StringBuilder();
            Iterator<JsonNode> it = value.elements();
            boolean first = true;
            while (it.hasNext()) {
                JsonNode item = it.next();
                if (!first) {
                    sb.append(',');
                }
                first = false;
                if (!item.isNull()) {
                    sb.append(toJsString(item));
                }
            }
            return sb.toString();
        }
        if (value.isObject()) {
            return "[object Object]";
        }
        return value.asText();
    }

    private static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        // exponent form, JavaScript style: 1e+21, 1.5e-7
        String s = Double.toString(d);
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e).replaceFirst("\\.0$", "");
        String exp = s.substring(e + 1);
        return mantissa + "e" + (exp.startsWith("-") ? exp : "+" + exp);
    }
}
