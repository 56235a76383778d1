package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.core.EntryFile;
import org.matdx.core.FileRole;
import org.matdx.core.Problem;
import org.matdx.core.SpreadsheetCells;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import org.matdx.store.BlobStore;

/**
 * {@code GET /api/v1/search/files.zip?<a search>}: the files of every entry a search finds, in one
 * zip streamed as it is written, with a manifest (entry, dataset, licence, file, SHA-256). What the
 * caller could download one by one and nothing else: each file is opened through the same check
 * and audit as a single download (Catalog#file), restricted files only for their owners. The
 * search is walked first, so a request too large is refused before a byte is sent.
 */
public final class SearchFilesApi {
    public static final int MAX_ENTRIES = 1_000;
    static final long MAX_BYTES = 2L << 30;
    private static final Set<String> NOT_SEARCH = Set.of("cursor", "limit", "fields", "facets", "role", "count");

    private final Catalog catalog;
    private final BlobStore blobStore;
    private final SearchService search;
    private final HeavyRequests heavy;

    SearchFilesApi(SearchService search, Catalog catalog, BlobStore blobStore, HeavyRequests heavy) {
        this.search = search;
        this.catalog = catalog;
        this.blobStore = blobStore;
        this.heavy = heavy;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/search/files.zip", heavy.limit(this::zip));
    }

    private record Wanted(Catalog.EntryView view, EntryFile file) {
    }

    private void zip(Context ctx) {
        String role = ctx.queryParam("role") == null ? "raw" : ctx.queryParam("role");
        if (!role.equals("raw") && !role.equals("all")) {
            throw Problem.invalid("role", "'raw' (the instruments' files and what came with them, the default) or 'all' (plots and "
                    + "converted data too)");
        }
        Map<String, List<String>> params = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!NOT_SEARCH.contains(k)) {
                params.put(k, v);
            }
        });
        var context = Requests.context(ctx);
        List<Wanted> wanted = new ArrayList<>();
        long bytes = 0;
        int entries = 0;
        String cursor = null;
        do {
            Map<String, List<String>> page = new HashMap<>(params);
            page.put("limit", List.of("500"));
            if (cursor != null) {
                page.put("cursor", List.of(cursor));
            }
            SearchService.SearchResult result = search.search(context, SearchRequest.parse(page));
            for (Catalog.EntryView v : result.items()) {
                if (++entries > MAX_ENTRIES) {
                    throw Problem.invalid("search", "more than " + MAX_ENTRIES + " entries match; narrow the search to download "
                            + "their files in one archive");
                }
                if (!v.visibility().atLeast(Visibility.FULL)) {
                    continue; // an embargo shows the entry, not its files
                }
                for (EntryFile f : v.entry().files()) {
                    if ((role.equals("raw") && f.role() == FileRole.DERIVED) || (f.restricted() && v.visibility() != Visibility.OWNER)) {
                        continue;
                    }
                    wanted.add(new Wanted(v, f));
                    bytes += f.size();
                }
            }
            if (bytes > MAX_BYTES) {
                throw Problem.invalid("search", "the files of these entries come to more than " + (MAX_BYTES >> 30)
                        + " GiB; narrow the search");
            }
            cursor = result.nextCursor();
        } while (cursor != null);
        if (wanted.isEmpty()) {
            throw Problem.notFound("files", "of the " + entries + " matching entries you may download");
        }
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"matdx-search-files.zip\"");
        Map<UUID, String> licences = new LinkedHashMap<>();
        try (OutputStream raw = ctx.outputStream(); ZipOutputStream zip = new ZipOutputStream(raw, StandardCharsets.UTF_8)) {
            zip.setLevel(1); // most instrument files are already dense; speed matters more than the last per cent
            StringBuilder manifest = new StringBuilder("entry,title,dataset,licence,file,role,sha256,bytes,path\r\n");
            for (Wanted w : wanted) {
                var e = w.view().entry();
                String path = e.id() + "/" + safe(w.file().name());
                Catalog.FileContent content;
                try {
                    content = catalog.file(context, e.id(), w.file().name(), blobStore);
                } catch (Problem gone) {
                    continue; // removed or closed since the search ran: left out, as it would be one by one
                }
                zip.putNextEntry(new ZipEntry(path));
                try (InputStream in = content.content()) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
                String licence = licences.computeIfAbsent(e.datasetId(),
                        id -> catalog.dataset(context, id).dataset().license());
                manifest.append(String.join(",", Stream.of(e.id(), e.title(), e.datasetId(), licence, w.file().name(),
                        w.file().role().code(), w.file().sha256(), w.file().size(), path).map(v -> csv(String.valueOf(v))).toList()))
                        .append("\r\n");
            }
            zip.putNextEntry(new ZipEntry("MANIFEST.csv"));
            zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file name as one path element: no directories, no parent references, no control characters. */
    static String safe(String name) {
        String s = name.replaceAll("[\\\\/\\p{Cntrl}]", "_");
        return s.isBlank() || s.equals(".") || s.equals("..") ? "file" : s;
    }

    /** A CSV cell, written as text where a spreadsheet would run it as a formula ({@link SpreadsheetCells}). */
    static String csv(String v) {
        return CSVFormat.RFC4180.format(SpreadsheetCells.safe(v));
    }
}
