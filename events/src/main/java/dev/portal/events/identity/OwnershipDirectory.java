package dev.portal.events.identity;

import java.util.Set;

/** A service's view of the catalog's people and groups, from which {@link OwnershipSet} decides what is the caller's. */
public interface OwnershipDirectory extends UserDirectory {

    /**
     * The groups the given users or groups belong to directly, as canonical refs: users' {@code memberOf} targets and
     * groups' parents ({@code childOf} targets).
     */
    Set<String> groupsOf(Set<String> memberRefs);
}
