package dev.portal.events.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.events.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorResponseTest {

    @Test
    void serialisesToBackstagesErrorBody() throws Exception {
        ErrorResponse response = ErrorResponse.of(ErrorName.InputError, "Invalid filter",
                "GET", "/api/catalog/entities?filter=kind");

        String expected = "{\"error\":{\"name\":\"InputError\",\"message\":\"Invalid filter\"},"
                + "\"request\":{\"method\":\"GET\",\"url\":\"/api/catalog/entities?filter=kind\"},"
                + "\"response\":{\"statusCode\":400}}";
        assertEquals(Json.mapper().readTree(expected),
                Json.mapper().readTree(Json.mapper().writeValueAsString(response)));
    }

    @Test
    void readsBackFromJson() {
        ErrorResponse response = ErrorResponse.of(ErrorName.NotFoundError, "No entity named 'x' found",
                "GET", "/api/catalog/entities/by-name/component/default/x");
        assertEquals(response, Json.fromBytes(Json.toBytes(response), ErrorResponse.class));
    }

    @Test
    void statusCodeComesFromTheName() {
        assertEquals(503, ErrorResponse.of(ErrorName.ServiceUnavailableError, "db down", "GET", "/")
                .response().statusCode());
        assertEquals("ServiceUnavailableError",
                ErrorResponse.of(ErrorName.ServiceUnavailableError, "db down", "GET", "/").error().name());
    }

    @ParameterizedTest
    @CsvSource({
            "InputError, 400", "AuthenticationError, 401", "NotAllowedError, 403", "NotFoundError, 404",
            "ConflictError, 409", "ServiceUnavailableError, 503", "Error, 500",
    })
    void namesMapToTheirStatusAndBack(ErrorName name, int status) {
        assertEquals(status, name.status());
        assertEquals(name, ErrorName.forStatus(status));
    }

    @ParameterizedTest
    @CsvSource({"418", "422", "502", "200"})
    void statusesWithoutASpecificNameAreGenericErrors(int status) {
        assertEquals(ErrorName.Error, ErrorName.forStatus(status));
    }
}
