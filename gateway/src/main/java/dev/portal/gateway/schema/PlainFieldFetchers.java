package dev.portal.gateway.schema;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

import org.jboss.logging.Logger;

import graphql.GraphQL;
import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.smallrye.graphql.spi.EventingService;

/**
 * Reads plain properties (a getter or record component returning a string, number, boolean, object or list of them)
 * by calling the getter, instead of through SmallRye GraphQL's field fetcher. That one builds a request context for
 * every field of every object, including a JSON description of the selected sub-fields, twice: a third of the
 * gateway's CPU on an entity page of a few hundred fields. Nothing here uses that context for a plain property.
 * Properties with a transformation or adapter (formats, {@code @AdaptWith}), enums and custom scalars keep SmallRye's
 * fetcher; so does any source whose getter cannot be found. Registered in META-INF/services; SmallRye calls it when
 * {@code portal.gateway.plain-field-fetchers.enabled} is true.
 */
public class PlainFieldFetchers implements EventingService {

    private static final Logger LOG = Logger.getLogger(PlainFieldFetchers.class);
    private static volatile int installed;

    @Override
    public String getConfigKey() {
        return "portal.gateway.plain-field-fetchers.enabled";
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        // the builder has no getter: build once to read SmallRye's schema, and hand it back with the plain fetchers
        GraphQLSchema schema = builder.build().getGraphQLSchema();
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry.Builder plain = GraphQLCodeRegistry.newCodeRegistry(registry);
        int replaced = 0;
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                continue;
            }
            for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                FieldCoordinates coordinates = FieldCoordinates.coordinates(object, field);
                if (registry.getDataFetcher(coordinates, field) instanceof FieldDataFetcher<?> smallrye
                        && plainOutput(field.getType())) {
                    String getter = getterOf(smallrye);
                    if (getter != null) {
                        plain.dataFetcher(coordinates, new Getter(getter, smallrye));
                        replaced++;
                    }
                }
            }
        }
        installed = replaced;
        LOG.infof("%d plain properties read by their getters", replaced);
        return builder.schema(schema.transform(s -> s.codeRegistry(plain.build())));
    }

    /** How many properties the last built GraphQL reads by their getters (SmallRye builds it once). */
    public static int installed() {
        return installed;
    }

    /** Built-in scalars and object types, in lists or not: what graphql-java completes from the getter's value as is. */
    private static boolean plainOutput(GraphQLType type) {
        GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(type);
        if (unwrapped instanceof GraphQLScalarType scalar) {
            return switch (scalar.getName()) {
                case "String", "ID", "Int", "Float", "Boolean" -> true;
                default -> false;
            };
        }
        return GraphQLTypeUtil.isObjectType(unwrapped) || GraphQLTypeUtil.isInterfaceOrUnion(unwrapped);
    }

    /** The getter SmallRye would call, when the property has no transformation or adapter; else null. */
    private static String getterOf(FieldDataFetcher<?> fetcher) {
        try {
            Field modelField = FieldDataFetcher.class.getDeclaredField("field");
            modelField.setAccessible(true);
            io.smallrye.graphql.schema.model.Field model = (io.smallrye.graphql.schema.model.Field) modelField.get(fetcher);
            if (model.hasTransformation() || model.isAdaptingTo() || model.isAdaptingWith() || model.getMethodName() == null) {
                return null;
            }
            return model.getMethodName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another SmallRye version: keep its fetcher
        }
    }

    /** Calls the source's public no-argument getter; falls back to SmallRye's fetcher for a source without it. */
    public static final class Getter implements TrivialDataFetcher<Object> {

        private final String name;
        private final DataFetcher<?> fallback;
        private final ClassValue<MethodHandle> handles = new ClassValue<>() {
            @Override
            protected MethodHandle computeValue(Class<?> type) {
                try {
                    return MethodHandles.publicLookup().unreflect(type.getMethod(name));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        };

        public Getter(String name, DataFetcher<?> fallback) {
            this.name = name;
            this.fallback = fallback;
        }

        @Override
        public Object get(DataFetchingEnvironment env) throws Exception {
            Object source = env.getSource();
            if (source == null) {
                return null;
            }
            MethodHandle getter = handles.get(source.getClass());
            if (getter == null) {
                return fallback.get(env);
            }
            try {
                return getter.invoke(source);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
