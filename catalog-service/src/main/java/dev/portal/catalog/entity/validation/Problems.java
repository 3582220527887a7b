package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Collects problems and formats them the way Backstage words them: {@code FieldFormatEntityPolicy} for field formats
 * and missing values, AJV (v8, as thrown by catalog-model's {@code throwAjvError}) for schema shape.
 */
final class Problems {

    static final String ROOT = "<root>";

    private static final String FORMAT_DOC = " To learn more about catalog file format, visit: "
            + "https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md";

    private final List<ValidationProblem> list = new ArrayList<>();

    void add(String field, String message) {
        list.add(new ValidationProblem(field, message));
    }

    List<ValidationProblem> list() {
        return List.copyOf(list);
    }

    /**
     * FieldFormatEntityPolicy's {@code require}: a missing (absent or null) value is "{@code <field> must have a
     * value}"; an invalid one is {@code "<field>" is not valid; expected <expectation> but found "<value>". To learn
     * more ...}.
     *
     * @return true when the value is present and valid
     */
    boolean require(String field, JsonNode value, Predicate<Object> validator, String expectation) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            add(field, field + " must have a value");
            return false;
        }
        Object plain = value.isTextual() ? value.textValue() : value;
        if (!validator.test(plain)) {
            add(field, "\"" + field + "\" is not valid; expected " + expectation + " but found \""
                    + JsValues.toJsString(value) + "\"." + FORMAT_DOC);
            return false;
        }
        return true;
    }

    /** FieldFormatEntityPolicy's {@code optional}: only an absent value is skipped; null is checked (and fails). */
    boolean optional(String field, JsonNode value, Predicate<Object> validator, String expectation) {
        return value == null || value.isMissingNode() || require(field, value, validator, expectation);
    }

    /** AJV's {@code type} error: {@code /spec/owner must be string - type: string}. */
    void type(String instancePath, String type) {
        ajv(instancePath, "must be " + type, "type", type);
    }

    /** AJV's {@code required} error: {@code /spec must have required property 'owner' - missingProperty: owner}. */
    void required(String instancePath, String property) {
        list.add(new ValidationProblem(field(instancePath + "/" + property),
                render(instancePath, "must have required property '" + property + "'", "missingProperty", property)));
    }

    /** AJV's {@code minLength} error for the schemas' {@code minLength: 1}. */
    void tooShort(String instancePath) {
        ajv(instancePath, "must NOT have fewer than 1 characters", "limit", "1");
    }

    /** AJV's {@code enum} error: {@code /spec/presence must be equal to one of the allowed values - allowedValues: a,b}. */
    void notOneOf(String instancePath, List<String> allowed) {
        ajv(instancePath, "must be equal to one of the allowed values", "allowedValues", String.join(",", allowed));
    }

    private void ajv(String instancePath, String message, String param, String paramValue) {
        add(field(instancePath), render(instancePath, message, param, paramValue));
    }

    private static String render(String instancePath, String message, String param, String paramValue) {
        return (instancePath.isEmpty() ? ROOT : instancePath) + " " + message + " - " + param + ": " + paramValue;
    }

    /** {@code /spec/dependsOn/0} becomes {@code spec.dependsOn.0}; the empty path is {@code <root>}. */
    static String field(String instancePath) {
        if (instancePath.isEmpty()) {
            return ROOT;
        }
        return instancePath.substring(1).replace('/', '.');
    }
}
