package dev.portal.scorecard.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/**
 * Which failures mean "the database is away" (the consumers then read the poll again later) and which are about the
 * work (a record that fails alone is dead-lettered). The whole outage is in e2e's InfrastructureFaultsIT.
 */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresShutdownsAndExhaustionAreTheDatabaseBeingAway() {
        assertTrue(Db.isUnavailable(new Db.DataAccessException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
        assertTrue(Db.isUnavailable(new Db.DataAccessException(new SQLException("An I/O error occurred", "08006"))));
        assertTrue(Db.isUnavailable(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(Db.isUnavailable(new SQLException("the database system is starting up", "57P03")));
        assertTrue(Db.isUnavailable(new SQLException("too many connections", "53300")));
        assertTrue(Db.isUnavailable(new RuntimeException("wrapped", new Db.DataAccessException(new SQLException("x", "08003")))));
    }

    @Test
    void failuresOfTheWorkItselfAreNot() {
        assertFalse(Db.isUnavailable(new SQLException("value too long for type character varying(255)", "22001")));
        assertFalse(Db.isUnavailable(new SQLException("duplicate key value violates unique constraint", "23505")));
        assertFalse(Db.isUnavailable(new SQLException("no state")));
        assertFalse(Db.isUnavailable(new IllegalStateException("a bug")));
    }
}
