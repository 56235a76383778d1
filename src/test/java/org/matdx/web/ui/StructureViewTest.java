package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Entry;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Outcome;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What the viewer is given for hostile or awkward stored structures, and the colours it draws with. */
class StructureViewTest {
    static Entry entry(ObjectNode structure) {
        ObjectNode data = Json.object();
        data.set("structure", structure);
        return new Entry(UUID.randomUUID(), UUID.randomUUID(), EntryKind.STRUCTURE, "t", null, Map.of(), null, null, data,
                List.of(), null, null, new Outcome.Succeeded(), null, null, null);
    }

    static ObjectNode cubic(double a, int sites) {
        List<Site> list = new ArrayList<>();
        for (int i = 0; i < sites; i++) {
            list.add(Site.of(Elements.of("Si"), (i * 0.618) % 1, (i * 0.414) % 1, (i * 0.732) % 1));
        }
        return StructureJson.write(new Structure(Lattice.fromParameters(a, a, a, 90, 90, 90), list));
    }

    @Test
    void aFlatCellIsNotDrawnButSaysWhy() {
        ObjectNode s = cubic(4, 2);
        var lv = s.withArray("lattice_vectors");
        lv.set(2, Json.MAPPER.createArrayNode().add(4.0).add(0.0).add(0.0)); // c parallel to a: volume 0
        StructureView v = StructureView.of(entry(s));
        assertThat(v.viewer()).isNull();
        assertThat(v.unfit()).isEqualTo("viewer.unfit_volume");
    }

    @Test
    void aLatticeOfNonFiniteNumbersIsNotDrawn() {
        ObjectNode s = cubic(4, 2);
        s.withArray("lattice_vectors").set(0, Json.MAPPER.createArrayNode().add(Double.NaN).add(0.0).add(0.0));
        StructureView v = StructureView.of(entry(s));
        assertThat(v == null || v.viewer() == null).isTrue();
        if (v != null) {
            assertThat(v.unfit()).isEqualTo("viewer.unfit_lattice");
        }
        ObjectNode huge = cubic(1e200, 2);
        assertThat(StructureView.of(entry(huge)).unfit()).as("a cell beyond double range").isIn("viewer.unfit_volume", "viewer.unfit_lattice");
    }

    @Test
    void thousandsOfSitesAreCappedAndGetNoSupercell() {
        StructureView v = StructureView.of(entry(cubic(60, 5000)));
        assertThat(v.drawnSites()).isEqualTo(StructureView.MAX_DRAWN_SITES);
        assertThat(v.supercellAllowed()).isFalse();
        assertThat(Json.read(v.viewer()).path("sites").size()).isEqualTo(StructureView.MAX_DRAWN_SITES);
        assertThat(Json.read(v.viewer()).path("total").asInt()).isEqualTo(5000);
        assertThat(StructureView.of(entry(cubic(10, 20))).supercellAllowed()).isTrue();
    }

    @Test
    void coloursOfEveryPairInAStructureDifferForNormalAndDichromatVision() {
        for (List<String> set : List.of(List.of("O", "Ti", "Ba"), List.of("O", "Ti", "Sr"), List.of("O", "Ca", "Sr", "Ba"),
                List.of("O", "La", "Ce", "Pr", "Nd", "Sm"), List.of("Fe", "Co", "Ni", "Cu", "Zn"), List.of("O", "Li", "Mn", "Fe", "Co", "Ni"))) {
            List<Element> els = set.stream().map(Elements::of).toList();
            var colours = ElementColours.forStructure(els);
            for (int i = 0; i < els.size(); i++) {
                for (int j = i + 1; j < els.size(); j++) {
                    int a = ElementColours.rgb(colours.get(els.get(i)));
                    int b = ElementColours.rgb(colours.get(els.get(j)));
                    assertThat(ElementColours.difference(a, b)).as(set + ": " + els.get(i) + " vs " + els.get(j))
                            .isGreaterThanOrEqualTo(ElementColours.MIN_DIFFERENCE);
                }
            }
        }
        // the most common element keeps its conventional colour: oxygen stays red
        assertThat(ElementColours.forStructure(List.of(Elements.of("O"), Elements.of("Ti"))).get(Elements.of("O"))).isEqualTo("#ff0d0d");
    }
}
