package dev.portal.catalog.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A transactional method (or every method of a class) that runs again, in a new transaction, when it lost to a
 * concurrent writer: PostgreSQL aborted its transaction as a deadlock victim or a serialization failure (as
 * PostgreSQL's documentation asks applications to retry), or it inserted a row another transaction had just inserted
 * (a unique violation: two writers of the same new entity both found no row to lock; run again, the loser finds the
 * winner's row and updates it). Concurrent writers touching the same entities and relation rows in different orders
 * (bulk seeds, location refreshes and Kafka ingest at once) collide now and then; the caller should not see a 500 for
 * that. A method called inside a transaction someone else started is not retried: that transaction is the one to
 * repeat.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface RetriedOnConflict {
}
