package dev.portal.catalog.db;

import java.sql.SQLException;

/** A statement PostgreSQL refused; its cause keeps the SQL state ({@link RetriedOnConflictInterceptor} reads it). */
public class DatabaseException extends RuntimeException {

    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
