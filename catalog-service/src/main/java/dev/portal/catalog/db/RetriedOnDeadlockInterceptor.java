package dev.portal.catalog.db;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

/**
 * Runs a {@link RetriedOnDeadlock} method again when its transaction lost a deadlock. Its priority puts it outside
 * {@code @Transactional}'s interceptor (PLATFORM_BEFORE + 200), so each attempt gets a fresh transaction.
 */
@RetriedOnDeadlock
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetriedOnDeadlockInterceptor {

    private static final Logger LOG = Logger.getLogger(RetriedOnDeadlockInterceptor.class);
    static final int ATTEMPTS = 4;

    private final TransactionManager transactions;

    public RetriedOnDeadlockInterceptor(TransactionManager transactions) {
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
                if (attempt == ATTEMPTS || !isDeadlock(e)) {
                    throw e;
                }
                LOG.debugf("%s lost a deadlock (attempt %d of %d); running it again", invocation.getMethod().getName(),
                        attempt, ATTEMPTS);
                // A random pause, growing per attempt, so the two losers of one deadlock do not collide again.
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
            }
        }
    }

    private boolean insideTransaction() throws SystemException {
        return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
    }

    /** PostgreSQL's deadlock_detected (40P01) or serialization_failure (40001), however deep it is wrapped. */
    static boolean isDeadlock(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
