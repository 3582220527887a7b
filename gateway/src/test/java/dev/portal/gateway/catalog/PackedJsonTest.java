package dev.portal.gateway.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** The cache's packed form of an entity's JSON: exact round trips, and much smaller than the JSON for an entity. */
class PackedJsonTest {

    private static final String COMPONENT = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
            + "{\"name\":\"checkout\",\"namespace\":\"default\",\"title\":\"Checkout\",\"description\":\"Takes the money.\","
            + "\"tags\":[\"java\",\"kafka\"],\"annotations\":{\"backstage.io/managed-by-location\":\"url:https://git.acme.io/checkout/catalog-info.yaml\","
            + "\"backstage.io/managed-by-origin-location\":\"url:https://git.acme.io/checkout/catalog-info.yaml\","
            + "\"backstage.io/source-location\":\"url:https://git.acme.io/checkout/\",\"github.com/project-slug\":\"acme/checkout\","
            + "\"backstage.io/techdocs-ref\":\"dir:.\"},\"uid\":\"1f0c6a57-7a52-4bb4-a5d2-8a0e2ec6c2d1\","
            + "\"etag\":\"Zx3kP0VbQm1tYw9rLs2dHf8aJc4\",\"generation\":3},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\","
            + "\"owner\":\"group:default/payments\",\"system\":\"shop\",\"providesApis\":[\"checkout-api\"],"
            + "\"dependsOn\":[\"resource:default/orders-db\"]}}";

    @Test
    void anEntityPacksToUnderHalfItsJsonAndUnpacksExactly() {
        byte[] json = COMPONENT.getBytes(StandardCharsets.UTF_8);
        byte[] packed = PackedJson.pack(json);
        assertArrayEquals(json, PackedJson.unpack(packed));
        assertTrue(packed.length * 2 < json.length, packed.length + " of " + json.length + " bytes");
        // the vocabulary is what makes one entity small: deflate alone finds little to repeat in it
        int deflatedAlone = deflatedLength(json);
        assertTrue(packed.length - 4 < deflatedAlone * 3 / 4, packed.length + " packed, " + deflatedAlone + " deflated alone");
    }

    private static int deflatedLength(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(bytes);
        deflater.finish();
        byte[] out = new byte[bytes.length + 64];
        int length = deflater.deflate(out);
        deflater.end();
        return length;
    }

    @Test
    void anyBytesRoundTripWhateverTheirSize() {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 100, 32_768, 1_000_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);     // incompressible: the packed form may be larger, and still exact
            assertArrayEquals(bytes, PackedJson.unpack(PackedJson.pack(bytes)), size + " bytes");
        }
        byte[] unicode = "{\"title\":\"Zahlungsdienst für Bestellungen — 支払い 🚀\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(unicode, PackedJson.unpack(PackedJson.pack(unicode)));
    }

    @Test
    void truncatedBytesAreAnErrorNotAShortDocument() {
        byte[] packed = PackedJson.pack(COMPONENT.getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, () -> PackedJson.unpack(Arrays.copyOf(packed, packed.length / 2)));
    }
}
