package org.matdx.formats.em;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.JsonNode;

/**
 * EMD (Electron Microscopy Dataset) files, both flavours on HDF5: Thermo Fisher Velox
 * ({@code /Data/Image/<id>/Data} with a JSON settings column per frame) and the Berkeley/NCEM
 * layout (groups marked {@code emd_group_type} holding {@code data} and its {@code dim1…dimN}
 * axis vectors), which prismatic simulations write too. HDF5 is read by jHDF, in memory (the upload
 * is already bounded by the read limit), through {@link Hdf5}, which bounds what a forged header
 * can make us allocate and never follows a link.
 *
 * <p>Recognised by content: the HDF5 signature together with an EMD mark in the first bytes
 * ({@code emd_group_type}, or Velox's version string), or the signature in a file called
 * {@code .emd}. A plain HDF5 file (NeXus, HyperSpy's own) is not claimed.
 */
public final class EmdReader implements Reader {

    @Override
    public String id() {
        return "em.emd";
    }

    @Override
    public String name() {
        return "EMD (Velox and Berkeley/NCEM, HDF5)";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        boolean named = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".emd");
        if (Hdf5.signatureAt(head) >= 0 && (named || contains(head, "emd_group_type") || contains(head, "Velox"))) {
            return Recognition.CONTENT;
        }
        return named ? Recognition.NAME : Recognition.NO;
    }

    private static boolean contains(byte[] head, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= head.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (head[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        byte[] bytes = content.readAllBytes();
        if (Hdf5.signatureAt(bytes) < 0) {
            throw FormatException.atOffset(fileName, 0, "expected the HDF5 signature (\\x89HDF\\r\\n\\x1a\\n) every EMD file starts with");
        }
        try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
            Hdf5 h = new Hdf5(fileName, hdf);
            if (isVelox(h)) {
                return EmdVelox.read(h);
            }
            List<Parsed> ncem = EmdNcem.read(h);
            if (ncem == null) {
                throw FormatException.inFile(fileName, "an HDF5 file without EMD structure: no group marked emd_group_type"
                        + " (Berkeley/NCEM EMD) and no /Data/Image or /Data/Spectrum with a Velox /Version (Velox EMD)");
            }
            return ncem;
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // jHDF meets a damaged file with its own runtime exceptions (or an index out of bounds):
            // the user reads what broke, without class names
            throw FormatException.inFile(fileName, "the HDF5 structure is damaged or truncated (" + reason(e) + ")");
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "its object headers or B-trees nest without end";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                m = m.replaceAll("[\\w.$]+(Exception|Error):\\s*", "").strip();
                if (!sb.toString().contains(m)) {
                    sb.append(sb.isEmpty() ? "" : ": ").append(m);
                }
            }
        }
        String s = sb.isEmpty() ? "an unreadable " + e.getClass().getSimpleName().replaceAll("Exception|Error", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT) : sb.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Velox marks its files with a {@code /Version} JSON string whose format is "Velox", and keeps data under {@code /Data}. */
    private static boolean isVelox(Hdf5 h) throws FormatException {
        Group data = Hdf5.group(h.root(), "Data");
        if (data == null) {
            return false;
        }
        Node version = Hdf5.child(h.root(), "Version");
        if (version instanceof Dataset d) {
            JsonNode v = EmdVelox.json(h, d, "/Version", 0);
            if (v.path("format").asString("").contains("Velox")) {
                return true;
            }
        }
        return Hdf5.child(data, "Image") != null || Hdf5.child(data, "Spectrum") != null;
    }
}
