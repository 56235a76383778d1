#!/usr/bin/env python3
"""Compile MatDX's element table (src/main/resources/org/matdx/core/elements.tsv).

Run once by a maintainer when the table changes; the product reads only the TSV.
Inputs are the published reference facts (see docs/SOURCES.md for the citations):
  - IUPAC standard atomic weights, periods, groups, blocks, Pauling electronegativity,
    Pyykkö covalent radii: from the mendeleev compilation (MIT);
  - Magpie elemental properties (Ward et al., npj Comput. Mater. 2, 16028 (2016)).
Usage: tools/compile-elements.py ../shared/data/elements
"""
import csv, sys, os

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/elements'
MAGPIE = ['MendeleevNumber', 'AtomicWeight', 'MeltingT', 'Column', 'Row', 'CovalentRadius',
          'Electronegativity', 'NsValence', 'NpValence', 'NdValence', 'NfValence', 'NValence',
          'NsUnfilled', 'NpUnfilled', 'NdUnfilled', 'NfUnfilled', 'NUnfilled', 'GSvolume_pa',
          'GSbandgap', 'GSmagmom', 'SpaceGroupNumber', 'FirstIonizationEnergy',
          'ElectronAffinity', 'Density']

def table(name):
    with open(os.path.join(src, 'magpie', name + '.table')) as f:
        return [line.strip() for line in f]

def num(text):
    # the source CSV carries binary float noise (115.99999999999999); 10 significant digits is exact for these facts
    return '' if text == '' else '%.10g' % float(text)

magpie = {name: table(name) for name in MAGPIE}
rows = []
with open(os.path.join(src, 'mendeleev_elements.csv')) as f:
    for r in csv.DictReader(f):
        z = int(r['atomic_number'])
        out = [str(z), r['symbol'], r['name'], num(r['atomic_weight']), r['period'], r['group_id'],
               r['block'], num(r['en_pauling']), num(r['covalent_radius_pyykko'])]
        for name in MAGPIE:
            vals = magpie[name]
            v = vals[z - 1] if z - 1 < len(vals) else ''
            try:
                v = num(v)
            except ValueError:  # 'Missing', 'Missing["NotAvailable"]', 'None', 'NaN'
                v = ''
            out.append(v)
        rows.append(out)

header = ['z', 'symbol', 'name', 'atomic_weight', 'period', 'group', 'block',
          'electronegativity_pauling', 'covalent_radius_pm'] + ['magpie_' + m for m in MAGPIE]
dst = 'src/main/resources/org/matdx/core/elements.tsv'
with open(dst, 'w') as f:
    f.write('# MatDX element table. Sources and units: docs/SOURCES.md. Empty cell = no published value.\n')
    f.write('\t'.join(header) + '\n')
    for r in rows:
        f.write('\t'.join(r) + '\n')
print('wrote', dst, len(rows), 'elements')
