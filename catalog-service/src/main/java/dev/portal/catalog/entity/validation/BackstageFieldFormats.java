package dev.portal.catalog.entity.validation;

import java.util.regex.Pattern;

/**
 * Ports of Backstage's field-format checks ({@code KubernetesValidatorFunctions} and {@code CommonValidatorFunctions}
 * in {@code @backstage/catalog-model}) as used by its default {@code makeValidator()}, and the expectation texts that
 * {@code FieldFormatEntityPolicy} prints for each of them.
 *
 * <p>Every check takes any value and answers false for anything that is not a {@link String}, as the JavaScript
 * originals do ({@code typeof value === 'string'}).
 */
final class BackstageFieldFormats {

    /** FieldFormatEntityPolicy's expectation for isValidObjectName / isValidLabelValue (names, label values, icons). */
    static final String EXPECT_OBJECT_NAME =
            "a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total";
    /** ... for isValidLabelKey / isValidApiVersion / isValidAnnotationKey. */
    static final String EXPECT_PREFIX_SUFFIX = "a valid prefix and/or suffix";
    /** ... for isValidNamespace / isValidDnsLabel. */
    static final String EXPECT_DNS_LABEL =
            "a string that is sequences of [a-z0-9] separated by [-], at most 63 characters in total";
    /** ... for isValidTag. */
    static final String EXPECT_TAG =
            "a string that is sequences of [a-z0-9+#] separated by [-], at most 63 characters in total";
    /** ... for isValidAnnotationValue. */
    static final String EXPECT_STRING = "a string";
    /** ... for isValidKind. */
    static final String EXPECT_KIND =
            "a string that is a sequence of [a-zA-Z][a-z0-9A-Z], at most 63 characters in total";
    /** ... for isValidUrl. */
    static final String EXPECT_URL = "a string that is a valid url";
    /** ... for isValidString. */
    static final String EXPECT_NON_EMPTY_STRING = "a non empty string";

    private static final Pattern API_VERSION_SUFFIX = Pattern.compile("^[a-z0-9A-Z]+$");
    private static final Pattern KIND = Pattern.compile("^[a-zA-Z][a-z0-9A-Z]*$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9+#]+(-[a-z0-9+#]+)*$");

    private BackstageFieldFormats() {
    }

    /** {@code [<DNS subdomain>/]<1..63 of [a-z0-9A-Z]>}, e.g. {@code backstage.io/v1alpha1}. */
    static boolean isValidApiVersion(Object value) {
        return isValidPrefixAndOrSuffix(value,
                BackstageFieldFormats::isValidDnsSubdomain,
                s -> s.length() >= 1 && s.length() <= 63 && API_VERSION_SUFFIX.matcher(s).matches());
    }

    /** 1..63 characters, {@code ^[a-zA-Z][a-z0-9A-Z]*$}. */
    static boolean isValidKind(Object value) {
        return value instanceof String s && s.length() >= 1 && s.length() <= 63 && KIND.matcher(s).matches();
    }

    /** 1..63 characters, {@code ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$}; used for entity names and link icons. */
    static boolean isValidObjectName(Object value) {
        return value instanceof String s && s.length() >= 1 && s.length() <= 63 && OBJECT_NAME.matcher(s).matches();
    }

    /** A lowercase DNS label: 1..63 characters, {@code ^[a-z0-9]+(-[a-z0-9]+)*$}. */
    static boolean isValidDnsLabel(Object value) {
        return value instanceof String s && s.length() >= 1 && s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    /** 1..253 characters, every '.'-separated part a DNS label. */
    static boolean isValidDnsSubdomain(Object value) {
        if (!(value instanceof String s) || s.length() < 1 || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (!isValidDnsLabel(label)) {
                return false;
            }
        }
        return true;
    }

    static boolean isValidNamespace(Object value) {
        return isValidDnsLabel(value);
    }

    /** {@code [<DNS subdomain>/]<object name>}; more than one '/' is invalid. Also used for annotation keys. */
    static boolean isValidLabelKey(Object value) {
        return isValidPrefixAndOrSuffix(value, BackstageFieldFormats::isValidDnsSubdomain,
                BackstageFieldFormats::isValidObjectName);
    }

    static boolean isValidAnnotationKey(Object value) {
        return isValidLabelKey(value);
    }

    /** The empty string, or an object name. */
    static boolean isValidLabelValue(Object value) {
        return "".equals(value) || isValidObjectName(value);
    }

    static boolean isValidAnnotationValue(Object value) {
        return value instanceof String;
    }

    /** 1..63 characters, {@code ^[a-z0-9+#]+(-[a-z0-9+#]+)*$} (the newer CommonValidatorFunctions.isValidTag). */
    static boolean isValidTag(Object value) {
        return value instanceof String s && s.length() >= 1 && s.length() <= 63 && TAG.matcher(s).matches();
    }

    /** What {@code new URL(value)} accepts (see {@link WhatwgUrl}). */
    static boolean isValidUrl(Object value) {
        return value instanceof String s && WhatwgUrl.isValid(s);
    }

    /** A string that is not blank ({@code value.trim().length >= 1}). */
    static boolean isValidString(Object value) {
        return value instanceof String s && !jsTrim(s).isEmpty();
    }

    private static boolean isValidPrefixAndOrSuffix(Object value,
            java.util.function.Predicate<String> isValidPrefix,
            java.util.function.Predicate<String> isValidSuffix) {
        if (!(value instanceof String s)) {
            return false;
        }
        // JavaScript's String.split keeps empty parts, like split(..., -1)
        String[] parts = s.split("/", -1);
        if (parts.length == 1) {
            return isValidSuffix.test(parts[0]);
        } else if (parts.length == 2) {
            return isValidPrefix.test(parts[0]) && isValidSuffix.test(parts[1]);
        }
        return false;
    }

    /** JavaScript's String.prototype.trim: strips whitespace and line terminators, including Unicode spaces. */
    static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0xA0
                || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000 || c == 0xFEFF;
    }
}
