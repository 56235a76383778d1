#!/usr/bin/python3
"""Golden values for SpaceGroupNamesTest: the names spglib's database gives each of the 530 Hall settings.

Oracle only (never a runtime dependency): Debian's python3-spglib (2.0.2-1+b3 when the committed file was made).
Run:  /usr/bin/python3 tools/cif/spglib_setting_names.py > \
        src/test/resources/org/matdx/formats/cif/spglib-setting-names.tsv
Columns: hall_number, it_number, choice (ITA setting code), international_short, international_full,
international (spglib's 'short = full [= setting short]'); underscores as spglib writes them (2_1).
"""
import spglib

print("# Names of the 530 Hall settings in spglib " + spglib.__version__
      + " (Debian python3-spglib), spglib.get_spacegroup_type(hall_number); made by tools/cif/spglib_setting_names.py")
print("# hall_number\tit_number\tchoice\tinternational_short\tinternational_full\tinternational")
for h in range(1, 531):
    t = spglib.get_spacegroup_type(h)
    print("\t".join(str(x) for x in (h, t["number"], t["choice"], t["international_short"],
                                     t["international_full"], t["international"])))
