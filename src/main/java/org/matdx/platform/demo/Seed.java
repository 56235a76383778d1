package org.matdx.platform.demo;

/**
 * A piece of demo data. Names are permanent: renaming one loads it again. (Its own file, so that
 * {@link Demo}, which lists the seeds, and the seeds do not need each other.)
 */
public interface Seed {
    String name();

    void load(DemoContext ctx);
}
