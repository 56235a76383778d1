-- structure_features HAS "disorder" is answered from the boolean structure_disordered (see
-- org.matdx.optimade.FilterSql); this index lists the disordered structures.
CREATE INDEX entries_disordered ON entries (id) WHERE structure_disordered;

-- A property's name fixes the dimension of its values: telling the planner so keeps its estimates
-- of property range conditions from being several times too low.
CREATE STATISTICS entry_quantities_name_dimension (dependencies, mcv) ON name, dimension FROM entry_quantities;
