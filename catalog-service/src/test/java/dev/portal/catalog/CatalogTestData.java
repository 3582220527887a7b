package dev.portal.catalog;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.portal.devstack.KeycloakTokens;
import io.restassured.specification.RequestSpecification;

/** Test data and authenticated requests for the catalog's API tests. */
public final class CatalogTestData {

    /**
     * A fresh folder for catalog files, inside the one folder the test profile lets file locations read
     * ({@code portal.catalog.reading.file-roots}); anything outside it stays unreadable, as in production.
     */
    public static Path catalogFilesDir(String prefix) {
        try {
            Path root = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "portal-catalog-test-files"));
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CatalogTestData() {
    }

    /** A request as alice: platform-team, portal-admin. */
    public static RequestSpecification asAlice() {
        return given().auth().oauth2(KeycloakTokens.accessToken("alice"));
    }

    /** A request as bob: payments-team, no admin role. */
    public static RequestSpecification asBob() {
        return given().auth().oauth2(KeycloakTokens.accessToken("bob"));
    }

    public static String resource(String path) {
        try (InputStream in = CatalogTestData.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("missing test resource " + path, e));
        }
    }

    /** Seeds YAML through the admin path; fails the test unless it is accepted. */
    public static void seedYaml(String yaml) {
        asAlice().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).when().post("/api/catalog/admin/entities")
                .then().statusCode(200);
    }

    public static void seedSmallOrg() {
        seedYaml(resource("catalogs/small-org.yaml"));
    }
}
