package dev.portal.catalog.entity.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Link urls are valid exactly when JavaScript's {@code new URL(url)} would parse them. */
class WhatwgUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com",
        "https://example.com/path with spaces?q=a b#frag",
        "http://localhost:7007/api/catalog",
        "https://user:pass@example.com:8443/x",
        "http://127.0.0.1/",
        "http://[::1]:3000/",
        "http://[2001:db8::ff00:42:8329]/",
        "http://[::ffff:192.168.0.1]/",
        "https://bücher.example/",
        "https://my_host.example.com/",
        "HTTPS://EXAMPLE.COM",
        "http:example.com",
        "http:///path",
        "http:\\\\example.com\\path",
        "  https://example.com  ",
        "mailto:team@example.com",
        "slack://channel?team=T1&id=C2",
        "urn:isbn:0451450523",
        "file:///etc/hosts",
        "file://server/share",
        "data:text/plain,hello",
        "javascript:alert(1)",
        "git+ssh://git@github.com/example-org/repo.git",
        "foo://",
        "http://1.2.3/",
        "http://0x7f.1/",
    })
    void acceptsWhatNewUrlAccepts(String url) {
        assertTrue(WhatwgUrl.isValid(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "example.com",
        "www.example.com/path",
        "/relative/path",
        "./catalog-info.yaml",
        "//example.com/protocol-relative",
        "1http://example.com",
        "ht tp://example.com",
        "https://",
        "http://",
        "https://exa mple.com",
        "https://example.com:port",
        "https://example.com:65536",
        "https://exa<mple.com",
        "https://example.com%",
        "http://user@/",
        "http://[::1",
        "http://[1:2:3:4:5:6:7:8:9]/",
        "http://[::1::2]/",
        "http://256.1.1.1/",
        "http://1.2.3.4.5/",
        "foo://a b/",
        "foo://:80/",
        "file://exa mple/",
    })
    void rejectsWhatNewUrlRejects(String url) {
        assertFalse(WhatwgUrl.isValid(url), url);
    }
}
