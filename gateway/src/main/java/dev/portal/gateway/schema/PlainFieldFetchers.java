package dev.portal.gateway.schema;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import graphql.GraphQL;
import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.SelectedField;
import io.smallrye.graphql.execution.datafetcher.AbstractDataFetcher;
import io.smallrye.graphql.execution.datafetcher.BatchDataFetcher;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.smallrye.graphql.spi.EventingService;

/**
 * Spares the gateway SmallRye GraphQL's per-field request context. SmallRye builds it for every field it fetches,
 * with a JSON description of the selected sub-fields (twice; for the top-level field that is the whole operation,
 * normalised first), for its Context API, which nothing here reads: a third of the gateway's CPU on an entity page.
 * <ul>
 * <li>Plain properties (a getter or record component returning a string, number, boolean, object or list of them) are
 * read by calling the getter. Properties with a transformation or adapter (formats, {@code @AdaptWith}), enums and
 * custom scalars keep SmallRye's fetcher; so does any source whose getter cannot be found.</li>
 * <li>SmallRye's method fetchers (query methods, {@code @Source} fields, batched or not) still run, but are handed the
 * field without its selection, so the description is empty.</li>
 * </ul>
 * Registered in META-INF/services; SmallRye calls it when {@code portal.gateway.plain-field-fetchers.enabled} is true.
 */
public class PlainFieldFetchers implements EventingService {

    private static final Logger LOG = Logger.getLogger(PlainFieldFetchers.class);
    private static volatile int installed;
    private static volatile int withoutSelection;

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
        int wrapped = 0;
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                continue;
            }
            for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                FieldCoordinates coordinates = FieldCoordinates.coordinates(object, field);
                DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
                if (fetcher instanceof FieldDataFetcher<?> smallrye && plainOutput(field.getType())) {
                    String getter = getterOf(smallrye);
                    if (getter != null) {
                        plain.dataFetcher(coordinates, new Getter(getter, smallrye));
                        replaced++;
                    }
                } else if (fetcher instanceof AbstractDataFetcher<?, ?> || fetcher instanceof BatchDataFetcher<?>) {
                    plain.dataFetcher(coordinates, new WithoutSelection(fetcher));
                    wrapped++;
                }
            }
        }
        installed = replaced;
        withoutSelection = wrapped;
        LOG.infof("%d plain properties read by their getters, %d method fields fetched without their selection", replaced, wrapped);
        return builder.schema(schema.transform(s -> s.codeRegistry(plain.build())));
    }

    /** How many properties the last built GraphQL reads by their getters (SmallRye builds it once). */
    public static int installed() {
        return installed;
    }

    /** How many of SmallRye's method fetchers the last built GraphQL hands their field without its selection. */
    public static int withoutSelection() {
        return withoutSelection;
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

    /**
     * One of SmallRye's method fetchers (query methods, {@code @Source} fields), handed the field without its
     * selection: SmallRye describes the selection for its Context API (which nothing here reads) on every call, and
     * for the top-level field that is the whole operation, normalised first.
     */
    public static final class WithoutSelection implements DataFetcher<Object> {

        private final DataFetcher<?> smallrye;

        public WithoutSelection(DataFetcher<?> smallrye) {
            this.smallrye = smallrye;
        }

        @Override
        public Object get(DataFetchingEnvironment env) throws Exception {
            return smallrye.get(DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env).selectionSet(NO_SELECTION).build());
        }
    }

    private static final DataFetchingFieldSelectionSet NO_SELECTION = new DataFetchingFieldSelectionSet() {
        @Override
        public boolean contains(String fieldGlobPattern) {
            return false;
        }

        @Override
        public boolean containsAnyOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public boolean containsAllOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public List<SelectedField> getFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getImmediateFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getFields(String fieldGlobPattern, String... fieldGlobPatterns) {
            return List.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey() {
            return Map.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey(String fieldGlobPattern, String... fieldGlobPatterns) {
            return Map.of();
        }
    };

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
