package dev.portal.catalog;

import jakarta.ws.rs.BadRequestException;

/** Bad input to the catalog: a 400 InputError in the shared error body, with this message. */
public class CatalogInputException extends BadRequestException {

    public CatalogInputException(String message) {
        super(message);
    }
}
