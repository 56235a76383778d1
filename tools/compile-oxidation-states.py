#!/usr/bin/env python3
"""Compile MatDX's oxidation-state table (src/main/resources/org/matdx/informatics/oxidation-states.tsv).

Run once by a maintainer when the table changes; the product reads only the TSV.
Inputs are published reference facts (citations in docs/SOURCES.md), as tabulated with the Magpie
element data (Ward et al., npj Comput. Mater. 2, 16028 (2016)):
  - the observed oxidation states of each element;
  - its successive ionisation energies (eV; CRC Handbook of Chemistry and Physics).
Usage: tools/compile-oxidation-states.py ../shared/data/elements > src/main/resources/org/matdx/informatics/oxidation-states.tsv
"""
import csv, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/elements'

def lines(name):
    with open(os.path.join(src, 'magpie', name + '.table')) as f:
        return [line.split() for line in f]

states = lines('OxidationStates')
energies = lines('IonizationEnergies')
print('# Oxidation states and successive ionisation energies by element. Sources: docs/SOURCES.md.')
print('z\tsymbol\toxidation_states\tionization_energies_eV')
with open(os.path.join(src, 'mendeleev_elements.csv')) as f:
    for r in csv.DictReader(f):
        z = int(r['atomic_number'])
        s = states[z - 1] if z - 1 < len(states) else []
        e = energies[z - 1] if z - 1 < len(energies) else []
        s = [str(int(v)) for v in s]
        e = ['%.10g' % float(v) for v in e]
        print('%d\t%s\t%s\t%s' % (z, r['symbol'], ' '.join(s), ' '.join(e)))
