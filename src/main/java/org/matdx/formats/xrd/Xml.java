package org.matdx.formats.xrd;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Deque;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.matdx.formats.FormatException;

/** StAX set up for untrusted files: no DTDs, no external entities (XXE), coalesced text. */
final class Xml {
    private static final XMLInputFactory FACTORY = factory();

    private Xml() {
    }

    private static XMLInputFactory factory() {
        // the JDK's own StAX parser, whatever else is on the class path (fastexcel brings Aalto, which reports
        // some errors with unchecked exceptions)
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    static XMLStreamReader open(String file, InputStream in) throws FormatException {
        try {
            return FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw broken(file, null, e);
        }
    }

    static XMLStreamReader open(String file, byte[] bytes) throws FormatException {
        return open(file, new ByteArrayInputStream(bytes));
    }

    /**
     * A StAX failure as a FormatException at the parser's line; when the document simply stops
     * inside an element, says so ("ends inside <intensities>: truncated") instead of the parser's words.
     */
    static FormatException broken(String file, String part, XMLStreamException e, Deque<String> open) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        boolean endOfInput = msg.contains("same entity") || msg.contains("Premature end") || msg.contains("end of file")
                || msg.contains("Unexpected EOF");
        if (endOfInput && open != null && !open.isEmpty()) {
            Location loc = e.getLocation();
            String where = part == null ? "" : part + ": ";
            String problem = where + "the file ends inside <" + open.peek() + ">: truncated";
            return loc != null && loc.getLineNumber() > 0 ? FormatException.atLine(file, loc.getLineNumber(), problem)
                    : FormatException.inFile(file, problem);
        }
        return broken(file, part, e);
    }

    /** A StAX failure (malformed or truncated XML) as a FormatException at the parser's line. */
    static FormatException broken(String file, String part, XMLStreamException e) {
        Location loc = e.getLocation();
        String where = part == null ? "" : part + ": ";
        String msg = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col]:\\[\\d+,\\d+]\\s*Message:\\s*", "");
        if (loc != null && loc.getLineNumber() > 0) {
            return FormatException.atLine(file, loc.getLineNumber(), where + "broken XML (column " + loc.getColumnNumber() + "): " + msg.strip());
        }
        return FormatException.inFile(file, where + "broken XML: " + msg.strip());
    }

    static int line(XMLStreamReader r) {
        Location l = r.getLocation();
        return l == null ? -1 : l.getLineNumber();
    }
}
