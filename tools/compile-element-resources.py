#!/usr/bin/env python3
"""Compile MatDX's element-strategy table (src/main/resources/org/matdx/elementstrategy/element-resources.tsv).

Run by a maintainer when the reference data changes; the product reads only the TSV. Citations for
every column are in docs/SOURCES.md and in element-resources-sources.tsv, which the API serves.

Inputs:
  - Herfindahl-Hirschman indices of production and reserves: Gaultois et al., Chem. Mater. 25, 2911
    (2013), as tabulated in pymatgen's hhi_data.csv (MIT). That table lists Bi twice (once where Tc
    would stand, once after Pb) with identical values; MatDX keeps one Bi row and gives Tc no HHI.
  - Crustal abundance (mg/kg, CRC Handbook of Chemistry and Physics, 95th ed., 2014) and price
    (USD/kg, Wikipedia "Prices of chemical elements") as compiled by the mendeleev package (MIT).
  - The lists, producer shares and LCA figures below, written by hand from the documents named
    beside each block. A value that could not be checked against its document is left out.
Usage: tools/compile-element-resources.py ../shared/data/elements
"""
import csv
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/elements'

REE_LIGHT_EU = ['La', 'Ce', 'Pr', 'Nd', 'Sm']
REE_HEAVY_EU = ['Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu', 'Y']
PGM = ['Ru', 'Rh', 'Pd', 'Os', 'Ir', 'Pt']
REE_ALL = ['Sc', 'Y', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu']

# EU: the 34 critical raw materials of Regulation (EU) 2024/1252 (Critical Raw Materials Act), Annex II
# Section 2, i.e. the 2023 list of the Commission's fifth criticality assessment. Element -> commodity as
# named on the list. Feldspar (a mineral, no single element) is on the list but maps to no element.
EU_CRM_2023 = {
    'Sb': 'antimony', 'As': 'arsenic', 'Al': 'bauxite/alumina/aluminium', 'Ba': 'baryte',
    'Be': 'beryllium', 'Bi': 'bismuth', 'B': 'boron/borate', 'Co': 'cobalt',
    'C': 'coking coal; natural graphite', 'Cu': 'copper', 'F': 'fluorspar', 'Ga': 'gallium',
    'Ge': 'germanium', 'Hf': 'hafnium', 'He': 'helium', 'Li': 'lithium', 'Mg': 'magnesium',
    'Mn': 'manganese', 'Ni': 'nickel (battery grade)', 'Nb': 'niobium',
    'P': 'phosphate rock; phosphorus', 'Sc': 'scandium', 'Si': 'silicon metal', 'Sr': 'strontium',
    'Ta': 'tantalum', 'Ti': 'titanium metal', 'W': 'tungsten', 'V': 'vanadium',
}
EU_CRM_2023.update({s: 'light rare earth elements' for s in REE_LIGHT_EU})
EU_CRM_2023.update({s: 'heavy rare earth elements' for s in REE_HEAVY_EU})
EU_CRM_2023.update({s: 'platinum group metals' for s in PGM})

# US: the 2022 Final List of Critical Minerals, U.S. Geological Survey, Federal Register 87 FR 10381
# (24 February 2022): 50 mineral commodities.
USGS_2022 = {s: s for s in [
    'Al', 'Sb', 'As', 'Be', 'Bi', 'Ce', 'Cs', 'Cr', 'Co', 'Dy', 'Er', 'Eu', 'Gd', 'Ga', 'Ge', 'Hf',
    'Ho', 'In', 'Ir', 'La', 'Li', 'Lu', 'Mg', 'Mn', 'Nd', 'Ni', 'Nb', 'Pd', 'Pt', 'Pr', 'Rh', 'Rb',
    'Ru', 'Sm', 'Sc', 'Ta', 'Te', 'Tb', 'Tm', 'Sn', 'Ti', 'W', 'V', 'Yb', 'Y', 'Zn', 'Zr']}
USGS_2022.update({'Ba': 'barite', 'F': 'fluorspar', 'C': 'graphite'})
assert len(USGS_2022) == 50, len(USGS_2022)

# US DOE: critical materials for energy, 2023 Critical Materials List (Critical Materials Assessment,
# July 2023; Federal Register 88 FR 51792, 4 August 2023): 18 materials. Electrical steel maps to no
# single element; silicon carbide is recorded under Si. DOE's full 2023 list adds the USGS 2022 minerals.
DOE_2023 = {
    'Al': 'aluminum', 'Co': 'cobalt', 'Cu': 'copper', 'Dy': 'dysprosium', 'F': 'fluorine',
    'Ga': 'gallium', 'Ir': 'iridium', 'Li': 'lithium', 'Mg': 'magnesium', 'C': 'natural graphite',
    'Nd': 'neodymium', 'Ni': 'nickel', 'Pt': 'platinum', 'Pr': 'praseodymium', 'Tb': 'terbium',
    'Si': 'silicon; silicon carbide',
}

# Japan: the 34 kinds (55 elements) of rare metals of the national stockpile (METI, 新国際資源戦略,
# March 2020; JOGMEC), the minerals behind Japan's critical-mineral policy.
JAPAN_34 = {s: s for s in [
    'Li', 'Be', 'B', 'Ti', 'V', 'Cr', 'Mn', 'Co', 'Ni', 'Ga', 'Ge', 'Se', 'Rb', 'Sr', 'Zr', 'Nb', 'Mo',
    'In', 'Sb', 'Te', 'Cs', 'Ba', 'Hf', 'Ta', 'W', 'Re', 'Tl', 'Bi', 'Mg', 'Si']}
JAPAN_34.update({'C': 'graphite', 'F': 'fluorite'})
JAPAN_34.update({s: 'rare earth elements' for s in REE_ALL})
JAPAN_34.update({s: 'platinum group metals' for s in PGM})
assert len(JAPAN_34) == 55, len(JAPAN_34)

# Leading producing country: USGS Mineral Commodity Summaries 2024 (data for 2023, estimated), world
# mine production tables. Only commodities whose figures were checked are listed; others stay empty.
# (country, producer quantity, world total, basis)
PRODUCERS = {
    'Co': ('Congo (Kinshasa)', 170000, 230000, 'mine production 2023, t Co content'),
    'Li': ('Australia', 86000, 180000, 'mine production 2023, t Li content (world total excludes U.S.)'),
    'Ni': ('Indonesia', 1800000, 3600000, 'mine production 2023, t Ni content'),
    'W': ('China', 63000, 78000, 'mine production 2023, t W content'),
}
for s in ['Y', 'La', 'Ce', 'Pr', 'Nd', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu']:
    PRODUCERS[s] = ('China', 240000, 350000, 'rare-earth mine production 2023, t REO equivalent, all REEs together')

# Cradle-to-gate footprints (GWP, CED) are not compiled here: they live, one row per element with source, year,
# scope and boundary, in element-footprints.tsv (edited by hand; see docs/element-strategy.md).


def num(text):
    return '' if text in ('', None) else '%.10g' % float(text)


def named(lst, symbol, name):
    # single-element entries are stored under the element's own name, e.g. 'cobalt'
    v = lst.get(symbol, '')
    return name.lower() if v == symbol else v


hhi = {}
with open(os.path.join(src, 'hhi_data.csv')) as f:
    for line in f:
        if line.startswith('#') or not line.strip():
            continue
        sym, p, r = line.strip().split(',')
        if sym in hhi and hhi[sym] != (p, r):
            sys.exit('conflicting duplicate HHI rows for ' + sym)
        hhi[sym] = (p, r)

rows = []
with open(os.path.join(src, 'mendeleev_elements.csv')) as f:
    for r in csv.DictReader(f):
        z = int(r['atomic_number'])
        s = r['symbol']
        p = PRODUCERS.get(s)
        rows.append([
            str(z), s,
            num(hhi.get(s, ('', ''))[0]), num(hhi.get(s, ('', ''))[1]),
            num(r['abundance_crust']), num(r['price_per_kg']),
            p[0] if p else '', ('%.4f' % (p[1] / p[2])) if p else '', p[3] if p else '',
            EU_CRM_2023.get(s, ''), named(USGS_2022, s, r['name']),
            DOE_2023.get(s, ''), named(JAPAN_34, s, r['name']),
        ])

header = ['z', 'symbol', 'hhi_production', 'hhi_reserve', 'crustal_abundance_mg_per_kg', 'price_usd_per_kg',
          'main_producer', 'main_producer_share', 'main_producer_basis', 'eu_crm_2023', 'usgs_critical_2022',
          'doe_critical_2023', 'japan_rare_metals_34']
dst = 'src/main/resources/org/matdx/elementstrategy/element-resources.tsv'
os.makedirs(os.path.dirname(dst), exist_ok=True)
with open(dst, 'w') as f:
    f.write('# MatDX element-strategy table. Sources per column: element-resources-sources.tsv and docs/SOURCES.md.\n')
    f.write('# Empty cell = no published value that could be checked. List columns hold the commodity as the list names it.\n')
    f.write('\t'.join(header) + '\n')
    for r in rows:
        f.write('\t'.join(r) + '\n')
print('wrote', dst, len(rows), 'elements')
