package dev.portal.gateway;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import io.smallrye.graphql.api.ErrorExtensionProvider;

/** {@code extensions.service}: which downstream service a {@link GatewayError} came from. */
public class GatewayErrorCodes implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "service";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        Throwable e = exception;
        while (e != null && !(e instanceof GatewayError)) {
            e = e.getCause();
        }
        return e instanceof GatewayError error && error.service() != null ? Json.createValue(error.service()) : null;
    }
}
