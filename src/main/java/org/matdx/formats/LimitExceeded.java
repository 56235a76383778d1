package org.matdx.formats;

import java.io.IOException;

/**
 * A file refused because reading it would cost more than the platform allows (a limit of
 * {@link IngestLimits}, or the upload limit): which file, which member of it, which limit and
 * the setting that raises it. An {@link IOException} so that it passes through any reader or
 * stream unchanged; callers turn it into 413 (an upload) or a refused file (422).
 */
public final class LimitExceeded extends IOException {
    private final String file;
    private final String member;
    private final String setting;

    /**
     * @param file    the file as the user named it
     * @param member  the member of a zip (or part of a container), or null
     * @param what    what went over, e.g. "unpacks to more than 256 MiB"
     * @param setting the option that raises the limit, e.g. {@code --max-read-mb}
     */
    public LimitExceeded(String file, String member, String what, String setting) {
        super((file == null ? "(unnamed file)" : file) + (member == null ? "" : ", member " + member) + ": " + what
                + " (a limit of this MatDX installation; its operator sets it with " + setting + ")");
        this.file = file;
        this.member = member;
        this.setting = setting;
    }

    public String file() { return file; }
    public String member() { return member; }
    public String setting() { return setting; }
}
