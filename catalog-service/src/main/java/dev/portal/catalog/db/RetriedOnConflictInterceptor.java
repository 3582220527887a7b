package dev.portal.catalog.db;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

/**
 * Runs a {@link RetriedOnConflict} method again when its transaction lost to a concurrent writer. Its priority puts it
 * outside {@code @Transactional}'s interceptor (PLATFORM_BEFORE + 200), so each attempt gets a fresh transaction.
 */
@RetriedOnConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetriedOnConflictInterceptor {

    private static final Logger LOG = Logger.getLogger(RetriedOnConflictInterceptor.class);
    static final int ATTEMPTS = 4;

    private final TransactionManager transactions;

    public RetriedOnConflictInterceptor(TransactionManager transactions) {
        this.transactions = transactions;
    }

    @AroundInvoke
    Object retry(InvocationContext invocation) throws Exception {
        if (insideTransaction()) {
            return invocation.proceed();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                if (attempt == ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                LOG.debugf("%s lost to a concurrent writer (attempt %d of %d); running it again",
                        invocation.getMethod().getName(), attempt, ATTEMPTS);
                // A random pause, growing per attempt, so the two losers of one deadlock do not collide again.
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
            }
        }
    }

    private boolean insideTransaction() throws SystemException {
        return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
    }

    /** What a concurrent writer causes: these SQL states, however deep they are wrapped. */
    private static final Set<String> CONFLICTS = Set.of(
            "40P01",  // deadlock_detected
            "40001",  // serialization_failure
            "23505"); // unique_violation: a row another transaction inserted first

    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CONFLICTS.contains(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
