package dev.portal.catalog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A write that loses to a concurrent writer (deadlock, serialization, a row inserted first) runs again in a new
 * transaction; nothing else is retried. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class RetriedOnConflictTest {

    /** Fails its first calls with a given failure, recording each call's transaction. Used through methods only: the
     * injected reference is a client proxy, whose fields are not the bean's. */
    @ApplicationScoped
    @RetriedOnConflict
    static class FlakyWriter {
        @Inject
        TransactionManager transactions;
        private final List<Transaction> calls = new ArrayList<>();
        private int failures;
        private RuntimeException failure;

        public void failFirst(int failures, RuntimeException failure) {
            calls.clear();
            this.failures = failures;
            this.failure = failure;
        }

        public List<Transaction> calls() {
            return List.copyOf(calls);
        }

        @Transactional
        public String write() throws Exception {
            calls.add(transactions.getTransaction());
            if (calls.size() <= failures) {
                throw failure;
            }
            return "written";
        }
    }

    @Inject
    FlakyWriter writer;

    @Test
    void runsAgainInANewTransactionAfterADeadlock() throws Exception {
        writer.failFirst(2, conflict("40P01"));
        assertEquals("written", writer.write());
        assertEquals(3, writer.calls().size());
        assertNotSame(writer.calls().get(0), writer.calls().get(1));
        assertNotSame(writer.calls().get(1), writer.calls().get(2));
    }

    @Test
    void runsAgainAfterASerializationFailure() throws Exception {
        writer.failFirst(1, conflict("40001"));
        assertEquals("written", writer.write());
        assertEquals(2, writer.calls().size());
    }

    @Test
    void givesUpAfterItsAttempts() {
        writer.failFirst(100, conflict("40P01"));
        assertThrows(DatabaseException.class, writer::write);
        assertEquals(RetriedOnConflictInterceptor.ATTEMPTS, writer.calls().size());
    }

    @Test
    void runsAgainAfterLosingTheRaceToInsertARow() throws Exception {
        writer.failFirst(1, conflict("23505"));
        assertEquals("written", writer.write());
        assertEquals(2, writer.calls().size());
    }

    @Test
    void doesNotRetryOtherFailures() {
        writer.failFirst(1, new DatabaseException(new SQLException("null value in column", "23502")));
        assertThrows(DatabaseException.class, writer::write);
        assertEquals(1, writer.calls().size());
    }

    @Test
    void leavesTheRetryToTheCallersTransaction() {
        writer.failFirst(1, conflict("40P01"));
        assertThrows(DatabaseException.class, () -> QuarkusTransaction.requiringNew().call(writer::write));
        assertEquals(1, writer.calls().size());
    }

    @Test
    void findsTheStateDeepInTheCauses() {
        RuntimeException wrapped = new RuntimeException(new IllegalStateException(conflict("40P01")));
        assertTrue(RetriedOnConflictInterceptor.isConflict(wrapped));
        assertSame(false, RetriedOnConflictInterceptor.isConflict(new RuntimeException("no SQL state")));
    }

    private static DatabaseException conflict(String sqlState) {
        return new DatabaseException(new SQLException("ERROR: deadlock detected", sqlState));
    }
}
