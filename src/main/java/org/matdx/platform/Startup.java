package org.matdx.platform;

import java.util.Locale;
import org.matdx.platform.demo.Demo;

/**
 * What a running server still loads after it opened its port: the demo data, seed by seed. {@code up}
 * answers at once and fills in its demo in the background, so a first start never looks like a hang.
 */
public final class Startup implements Demo.Progress {
    /** Where loading stands; {@code now} is the piece being loaded, {@code problem} why loading stopped. */
    public record Status(State state, int done, int of, String now, String problem) {
        public boolean loading() {
            return state == State.LOADING;
        }
    }

    public enum State {
        /** nothing is left to load */
        READY,
        LOADING,
        /** loading stopped on an error; the server runs without the rest (logged) */
        FAILED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private volatile Status status = new Status(State.READY, 0, 0, null, null);
    private volatile boolean stopping;

    /** Asks loading to stop before its next piece (the server is stopping). */
    public void stop() {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    public Status status() {
        return status;
    }

    public void loading(int done, int of, String now) {
        status = new Status(State.LOADING, done, of, now, null);
    }

    public void ready(int of) {
        status = new Status(State.READY, of, of, null, null);
    }

    public void failed(int done, int of, String problem) {
        status = new Status(State.FAILED, done, of, null, problem);
    }
}
