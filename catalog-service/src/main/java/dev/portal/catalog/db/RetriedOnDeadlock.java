package dev.portal.catalog.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A transactional method (or every method of a class) that runs again, in a new transaction, when PostgreSQL aborted
 * its transaction as a deadlock victim or a serialization failure — as PostgreSQL's documentation asks of
 * applications. Concurrent writers touching the same entities and relation rows in different orders (bulk seeds,
 * location refreshes and Kafka ingest at once) deadlock now and then; the caller should not see a 500 for that.
 * A method called inside a transaction someone else started is not retried: that transaction is the one to repeat.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface RetriedOnDeadlock {
}
