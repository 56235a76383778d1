package org.matdx.formats.cif;

import java.util.List;

/**
 * One setting of a space group ({@link SpaceGroups}): IT number, Hermann–Mauguin symbol in this
 * setting, qualifier ({@code 1}, {@code 2}, {@code H}, {@code R} or empty), ITA's setting code
 * ({@code b1}, {@code -c2}, {@code ba-c}, {@code 2cab}, {@code H} …, empty for a group's only
 * setting), the Hall symbol of the standard setting it comes from and the change of basis from
 * there, and for the groups with the glide letter e the symbol used before 2002 ({@code C m c a}),
 * else null.
 */
public record SpaceGroupSetting(int number, String hermannMauguin, String qualifier, String code, String hall, ChangeOfBasis basis,
                                String former) {
    public String label() {
        String base = qualifier.isEmpty() ? hermannMauguin : hermannMauguin + " :" + qualifier;
        return former == null || former.equals(hermannMauguin) ? base : base + " (" + former + ")";
    }

    /** The change of basis from the standard setting in ITA notation ({@code c,a,b}), empty for the standard setting. */
    public String cellFromStandard() {
        return basis.isIdentity() ? "" : basis.toString();
    }

    public List<SymmetryOperation> operations() {
        return seitz().stream().map(HallSymbol.Seitz::operation).toList();
    }

    List<HallSymbol.Seitz> seitz() {
        List<HallSymbol.Seitz> standard = HallSymbol.seitz(hall);
        return basis.isIdentity() ? standard : standard.stream().map(basis::apply).toList();
    }
}
