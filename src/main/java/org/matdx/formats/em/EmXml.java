package org.matdx.formats.em;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The XML inside microscope files (Bruker Esprit headers, TIA object infos, JEOL TIFF tags), read
 * with a DOM that refuses DOCTYPEs and entities, and the element lookups the Esprit formats share.
 */
final class EmXml {
    private EmXml() {
    }

    static Document parse(byte[] bytes) throws Exception {
        return parse(new InputSource(new ByteArrayInputStream(bytes)));
    }

    static Document parse(String text) throws Exception {
        return parse(new InputSource(new StringReader(text)));
    }

    private static Document parse(InputSource in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(in);
    }

    /** The first child element called {@code tag} (with attribute Type = {@code type} when given). */
    static Element child(Element parent, String tag, String type) {
        for (Node k = parent.getFirstChild(); k != null; k = k.getNextSibling()) {
            if (k instanceof Element e && e.getTagName().equals(tag) && (type == null || type.equals(e.getAttribute("Type")))) {
                return e;
            }
        }
        return null;
    }

    static String text(Element parent, String tag) {
        Element e = child(parent, tag, null);
        return e == null || e.getTextContent().isBlank() ? null : e.getTextContent().strip();
    }

    /** A number as Esprit writes it: "2E1", "0,9664" (a decimal comma) or "8.42"; null when absent or not finite. */
    static Double optional(Element parent, String tag) {
        String t = text(parent, tag);
        if (t == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(t.replace(',', '.'));
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
