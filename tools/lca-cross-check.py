#!/usr/bin/python3
"""Golden figures for the worked battery cell, computed independently of MatDX with pymatgen.

Run with Debian's python3-pymatgen (2022.11.7): /usr/bin/python3 tools/lca-cross-check.py
It reads the cell (src/main/resources/org/matdx/lca/example-battery-cell.json) and the element
footprints (element-footprints.tsv), and computes with pymatgen's own Composition weights and its
own copy of Gaultois et al.'s HHI table (pymatgen.analysis.hhi.HHIModel):
  - the element masses of the cell,
  - its cradle-to-gate GWP (materials with cut-off for declared recycled content, plus process electricity),
  - its HHI of production and reserves, as pymatgen computes them for the cell's overall composition.
Writes src/test/resources/org/matdx/lca/battery-cell-pymatgen.json (checked by LcaCrossCheckTest).
"""
import json

from pymatgen.analysis.hhi import HHIModel
from pymatgen.core import Composition, Element

ROOT = 'src/main/resources/org/matdx/'
bom = json.load(open(ROOT + 'lca/example-battery-cell.json'))
gwp = {}
for line in open(ROOT + 'resources/element-footprints.tsv'):
    if line.startswith('#') or line.startswith('symbol'):
        continue
    c = line.rstrip('\n').split('\t')
    if c[1]:
        gwp[c[0]] = float(c[1])
grid = {}
for line in open(ROOT + 'resources/electricity-mixes.tsv'):
    if line.startswith('#') or line.startswith('code'):
        continue
    c = line.rstrip('\n').split('\t')
    grid[c[0]] = float(c[2]) / 1000

element_kg = {}
materials = 0.0
process = 0.0


def walk(node, mix):
    global materials, process
    for s in node.get('steps', []):
        process += s['electricity_kwh'] * grid[s.get('electricity', mix)]
    for part in node.get('components', []):
        if 'components' in part:
            walk(part, mix)
            continue
        comp = Composition(part['formula'])
        m = part['mass_kg']
        r = part.get('recycled_fraction', 0.0)
        per_kg = 0.0
        for el in comp.elements:
            w = comp.get_wt_fraction(el)
            element_kg[el.symbol] = element_kg.get(el.symbol, 0.0) + m * w
            per_kg += w * gwp[el.symbol]
        materials += m * (1 - r) * per_kg
        for s in part.get('steps', []):
            process += s['electricity_kwh'] * grid[s.get('electricity', mix)]


walk(bom, bom['electricity'])
overall = Composition({Element(s): kg / Element(s).atomic_mass for s, kg in element_kg.items()})
hhi = HHIModel()
out = {
    'source': 'pymatgen 2022.11.7 (Debian python3-pymatgen): Composition weights and HHIModel (Gaultois et al. 2013); '
              'element footprints and grid intensities from MatDX tables; tools/lca-cross-check.py',
    'mass_kg': sum(element_kg.values()),
    'element_kg': element_kg,
    'materials_gwp_kg_co2eq': materials,
    'process_gwp_kg_co2eq': process,
    'gwp_kg_co2eq': materials + process,
    'hhi_production': hhi.get_hhi_production(overall),
    'hhi_reserve': hhi.get_hhi_reserve(overall),
}
json.dump(out, open('src/test/resources/org/matdx/lca/battery-cell-pymatgen.json', 'w'), indent=1, sort_keys=True)
print(json.dumps(out, indent=1, sort_keys=True))
