package org.matdx.formats.em;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small .bcf written here: an SFS container of 256-byte chunks holding a HeaderData (20 kV,
 * pixel 0.5 × 0.25 µm, 16 channels from -0.1 keV by 0.01 keV) and a 2 × 2 hypermap with one pixel
 * of 12-bit pulses, one of instructed blocks (4- and 8-bit with a gain) and one left empty.
 */
final class BcfFixture {
    static final int CHUNK = 256;

    private BcfFixture() {
    }

    /** Pixel (0, 0): pulses in channels 3, 3, 5; pixel (0, 1): channels 2..5 = 1, 2, 0, 7 (4-bit) and 6 = 200 (8-bit gain); line 1 empty. */
    static byte[] map() {
        ByteBuffer b = ByteBuffer.allocate(0x1A0 + 200).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 2).putInt(4, 2).putInt(8, 4096).putInt(12, 1);
        b.position(0x1A0);
        b.putInt(2); // line 0: two pixels
        // 12-bit pulses: the hex digits of the words 0x0030, 0x0300, 0x5000 in order are 003 003 005 000
        b.putInt(0).putShort((short) 16).putShort((short) 0).putInt(0xC0000).putShort((short) 1).putShort((short) 0)
                .putShort((short) 3).putShort((short) 6).putShort((short) 0);
        b.putShort((short) 0x0030).putShort((short) 0x0300).putShort((short) 0x5000); // digits 003 003 005 000
        byte[] packed = {0, 2, 1, 4, 0, 0x21, 0x70, 2, 1, (byte) 200, 0, 0, 0, 0, 0, 0};
        b.putInt(1).putShort((short) 7).putShort((short) 7).putInt(0xC0000).putShort((short) 2).putShort((short) packed.length)
                .putShort((short) 0).putShort((short) packed.length).putShort((short) 0);
        b.put(packed);
        b.putInt(0); // line 1: nothing recorded
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    static final String HEADER = """
            <?xml version="1.0" encoding="WINDOWS-1252" standalone="yes"?><TRTSpectrumDatabase><RTHeader/>\
            <ClassInstance Type="TRTSpectrumDatabase" Name="fixture"><Header><Date>6.12.2026</Date><Time>3:4:5</Time></Header>\
            <ClassInstance Type="TRTSEMData"><HV>2E1</HV><WD>8,5</WD><Mag>1E3</Mag><DX>0,5</DX><DY>2.5E-1</DY></ClassInstance>\
            <ClassInstance Type="TRTImageData"><ItemSize>2</ItemSize><Width>2</Width><Height>2</Height>\
            <Plane0><Description>SE</Description><Data>AQACAAMABAA=</Data></Plane0></ClassInstance>\
            <SpectrumData0><ClassInstance Type="TRTSpectrum"><TRTHeaderedClass>\
            <ClassInstance Type="TRTDetectorHeader"><Type>XFlash</Type></ClassInstance></TRTHeaderedClass>\
            <ClassInstance Type="TRTSpectrumHeader"><ChannelCount>16</ChannelCount><CalibAbs>-1E-1</CalibAbs><CalibLin>1E-2</CalibLin>\
            </ClassInstance></ClassInstance></SpectrumData0></ClassInstance></TRTSpectrumDatabase>""";

    static byte[] bcf() {
        return container(HEADER.getBytes(StandardCharsets.ISO_8859_1), map());
    }

    /** {@code data} in Esprit's compressed layout: the AACS header, then blocks of at most {@code block} bytes, each zlib. */
    static byte[] aacs(byte[] data, int block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int blocks = (data.length + block - 1) / block;
        ByteBuffer h = ByteBuffer.allocate(0x80).order(ByteOrder.LITTLE_ENDIAN);
        h.put("AACS".getBytes(StandardCharsets.US_ASCII)).putInt(4, block).putInt(12, blocks);
        out.writeBytes(h.array());
        for (int i = 0; i < blocks; i++) {
            int n = Math.min(block, data.length - i * block);
            java.util.zip.Deflater d = new java.util.zip.Deflater();
            d.setInput(data, i * block, n);
            d.finish();
            byte[] buf = new byte[n + 1024];
            int c = d.deflate(buf);
            d.end();
            ByteBuffer bh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(c).putInt(n).putInt(0).putInt(n);
            out.writeBytes(bh.array());
            out.write(buf, 0, c);
        }
        return out.toByteArray();
    }

    static byte[] container(byte[] header, byte[] map) {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(new byte[CHUNK]); // chunk 0 holds the rest of the container header (0x128 to 0x14B)
        int headerTable = file(chunks, header);
        int mapTable = file(chunks, map);
        ByteBuffer tree = ByteBuffer.allocate(3 * 0x200).order(ByteOrder.LITTLE_ENDIAN);
        item(tree, 0, -1, 0, -1, true, "EDSDatabase");
        item(tree, 1, headerTable, header.length, 0, false, "HeaderData");
        item(tree, 2, mapTable, map.length, 0, false, "SpectrumData0");
        int treeChunk = chain(chunks, tree.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[0x118]; // the signature, zeros, then the numbers written below
        System.arraycopy("AAMVHFSS".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
        out.writeBytes(head);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        byte[] all = out.toByteArray();
        ByteBuffer w = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(0x128, CHUNK).putInt(0x140, treeChunk).putInt(0x144, 3).putInt(0x148, chunks.size());
        return all;
    }

    private static void item(ByteBuffer t, int i, int first, long size, int parent, boolean dir, String name) {
        int at = i * 0x200;
        t.putInt(at, first).putLong(at + 4, size).putInt(at + 0x28, parent);
        t.put(at + 0xDC, (byte) (dir ? 1 : 0));
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        t.put(at + 0xE0, n);
    }

    /** The file's data in chunks, then its table of chunk numbers as a chain; the table's first chunk. */
    private static int file(List<byte[]> chunks, byte[] data) {
        int payload = CHUNK - 32;
        int n = (data.length + payload - 1) / payload;
        ByteBuffer table = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            byte[] c = new byte[CHUNK];
            System.arraycopy(data, i * payload, c, 32, Math.min(payload, data.length - i * payload));
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1);
            table.putInt(chunks.size());
            chunks.add(c);
        }
        return chain(chunks, table.array());
    }

    private static int chain(List<byte[]> chunks, byte[] data) {
        int payload = CHUNK - 32;
        int n = Math.max(1, (data.length + payload - 1) / payload);
        int first = chunks.size();
        for (int i = 0; i < n; i++) {
            byte[] c = new byte[CHUNK];
            System.arraycopy(data, i * payload, c, 32, Math.max(0, Math.min(payload, data.length - i * payload)));
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(0, i == n - 1 ? -1 : first + i + 1);
            chunks.add(c);
        }
        return first;
    }
}
