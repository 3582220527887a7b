package dev.portal.gateway.limits;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.util.TraversalControl;

/**
 * Refuses an operation deeper or more complex (fields counted, every alias included) than
 * the limits, or whose variables hold a list longer than the limit, before anything runs; the messages are
 * graphql-java's ("maximum query depth exceeded 14 > 12").
 *
 * <p>Unlike graphql-java's MaxQueryDepthInstrumentation and MaxQueryComplexityInstrumentation, the {@code __schema}
 * and {@code __type} introspection subtrees are not counted: GraphiQL's standard introspection query is 13 deep, and
 * introspection has its own, tighter guard in graphql-java (good-faith introspection, on by default: one
 * {@code __schema} and one {@code __type} per operation, no {@code fields}/{@code interfaces}… cycles, at most 500
 * fields and 20 levels).
 */
public class QueryLimits extends SimplePerformantInstrumentation {

    private static final int MEMO_ENTRIES = 256;
    private static final int MEMO_MAX_QUERY = 16 * 1024;

    private final int maxDepth;
    private final int maxComplexity;
    private final int maxListItems;
    /** Depth and fields of recent query texts: clients send the same few queries with different variables. */
    private final Map<String, int[]> measured = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > MEMO_ENTRIES;
        }
    });

    public QueryLimits(int maxDepth, int maxComplexity, int maxListItems) {
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
        this.maxListItems = maxListItems;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        // a list in a literal is bounded by the parser's token limit, a list in a variable only by the body size
        execution.getCoercedVariables().toMap().forEach((name, value) -> checkLists(name, value));
        String query = execution.getExecutionInput().getQuery();
        // depth and fields depend on the variables only through @skip/@include: otherwise measure a query text once
        boolean memo = query.length() <= MEMO_MAX_QUERY && !query.contains("@skip") && !query.contains("@include");
        String key = execution.getExecutionInput().getOperationName() + "\u0000" + query;
        int[] depthAndFields = memo ? measured.get(key) : null;
        if (depthAndFields == null) {
            depthAndFields = measure(execution);
            if (memo) {
                measured.put(key, depthAndFields);
            }
        }
        if (depthAndFields[0] > maxDepth) {
            throw new AbortExecutionException("maximum query depth exceeded " + depthAndFields[0] + " > " + maxDepth);
        }
        if (depthAndFields[1] > maxComplexity) {
            throw new AbortExecutionException("maximum query complexity exceeded " + depthAndFields[1] + " > " + maxComplexity);
        }
        return super.beginExecuteOperation(parameters, state);
    }

    /** The operation's depth and number of fields (introspection not counted). */
    private static int[] measure(ExecutionContext execution) {
        QueryTraverser traverser = QueryTraverser.newQueryTraverser()
                .schema(execution.getGraphQLSchema())
                .document(execution.getDocument())
                .operationName(execution.getExecutionInput().getOperationName())
                .coercedVariables(execution.getCoercedVariables())
                .build();
        int[] depthAndFields = {0, 0};
        traverser.visitPreOrder(new QueryVisitorStub() {
            @Override
            public TraversalControl visitFieldWithControl(QueryVisitorFieldEnvironment field) {
                String name = field.getField().getName();
                if (name.equals("__schema") || name.equals("__type")) {
                    return TraversalControl.ABORT; // good-faith introspection decides
                }
                int depth = 1;
                for (QueryVisitorFieldEnvironment parent = field.getParentEnvironment(); parent != null;
                     parent = parent.getParentEnvironment()) {
                    depth++;
                }
                depthAndFields[0] = Math.max(depthAndFields[0], depth);
                depthAndFields[1]++;
                return TraversalControl.CONTINUE;
            }
        });
        return depthAndFields;
    }

    private void checkLists(String variable, Object value) {
        if (value instanceof Collection<?> list) {
            if (list.size() > maxListItems) {
                throw new AbortExecutionException("variable $" + variable + " has a list of " + list.size()
                        + " items: at most " + maxListItems + " are allowed");
            }
            list.forEach(item -> checkLists(variable, item));
        } else if (value instanceof Map<?, ?> object) {
            object.values().forEach(field -> checkLists(variable, field));
        }
    }
}
