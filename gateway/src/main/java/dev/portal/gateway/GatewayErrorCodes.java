package dev.portal.gateway;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import io.smallrye.graphql.api.ErrorExtensionProvider;

/**
 * {@code extensions.service}: which downstream service a {@link GatewayError} came from.
 *
 * <p>The error is recognised by its class's name, not {@code instanceof}: SmallRye GraphQL loads its error-extension
 * providers once per JVM, so where the application is started again in one JVM (the tests, between test resources)
 * this provider comes from the first application's class loader while the errors come from the current one.
 */
public class GatewayErrorCodes implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "service";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        for (Throwable e = exception; e != null; e = e.getCause()) {
            if (isGatewayError(e.getClass())) {
                try {
                    Object service = e.getClass().getMethod("service").invoke(e);
                    return service == null ? null : Json.createValue(service.toString());
                } catch (ReflectiveOperationException notOurs) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean isGatewayError(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(GatewayError.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
