package dev.portal.gateway.schema;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;

import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.spi.EventingService;

/**
 * Lets an {@code @Id} list of strings be an argument ({@code nodes(ids: [ID!]!)}, Relay's convention). SmallRye GraphQL
 * (2.17) declares the argument {@code [ID!]!} but records the list's class as its elements' type, so each ID then fails
 * to convert to a {@code java.util.List} ("not a valid 'Unknown Scalar Type [java.util.List]'") and the query is
 * refused. This gives such an argument its elements' class back before SmallRye builds the field and its fetcher.
 * Only lists (or arrays) of {@code String} are corrected; other arguments are left as SmallRye made them.
 *
 * <p>Registered in META-INF/services; always on (no config key).
 */
public class IdListArguments implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public Operation createOperation(Operation operation) {
        if (operation.hasArguments()) {
            for (Argument argument : operation.getArguments()) {
                Reference reference = argument.getReference();
                if (reference != null && reference.getType() == ReferenceType.SCALAR && "ID".equals(reference.getName())
                        && argument.hasWrapper() && argument.getWrapper().isCollectionOrArrayOrMap()
                        && reference.getClassName().equals(argument.getWrapper().getWrapperClassName())
                        && elementType(operation, argument) == String.class) {
                    reference.setClassName(String.class.getName());
                    reference.setGraphQLClassName(String.class.getName());
                }
            }
        }
        return operation;
    }

    /** The element class of the Java parameter behind {@code argument}, or null when it cannot be told. */
    static Class<?> elementType(Operation operation, Argument argument) {
        try {
            Class<?> api = Class.forName(operation.getClassName(), false, Thread.currentThread().getContextClassLoader());
            for (Method method : api.getMethods()) {
                if (!method.getName().equals(operation.getMethodName())) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    if (!parameter.getName().equals(argument.getMethodArgumentName())) {
                        continue;
                    }
                    if (parameter.getType().isArray()) {
                        return parameter.getType().getComponentType();
                    }
                    if (parameter.getParameterizedType() instanceof ParameterizedType list
                            && list.getActualTypeArguments().length == 1 && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                        return element;
                    }
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not loadable here: leave the argument as SmallRye made it
        }
        return null;
    }
}
