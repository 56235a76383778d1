package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.List;
import org.matdx.core.Element;
import org.matdx.core.Elements;

/**
 * Where each element sits in the usual 18-column periodic table, with the lanthanides and
 * actinides in two rows below (rows 9 and 10; row 8 is a gap). Used by the search page's
 * element picker and by the element heat map.
 */
public final class PeriodicGrid {
    public record Cell(Element element, int row, int column) {
        public String symbol() {
            return element.symbol();
        }
    }

    private static final List<Cell> CELLS = build();

    private PeriodicGrid() {
    }

    public static List<Cell> cells() {
        return CELLS;
    }

    private static List<Cell> build() {
        List<Cell> cells = new ArrayList<>();
        for (Element e : Elements.all()) {
            int z = e.z();
            if (z >= 57 && z <= 71) {
                cells.add(new Cell(e, 9, 3 + (z - 57)));
            } else if (z >= 89 && z <= 103) {
                cells.add(new Cell(e, 10, 3 + (z - 89)));
            } else if (e.group() > 0) {
                cells.add(new Cell(e, e.period(), e.group()));
            }
        }
        return List.copyOf(cells);
    }
}
