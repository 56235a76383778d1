package org.matdx.core;

import java.util.List;

/** One page of results and the opaque cursor for the next one (null at the end). */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
