from roadmap.perspective import is_own, own_first, own_institution, own_part


def test_own_institution_reads_a_known_slug_and_ignores_anything_else(demo_bg):
    assert own_institution(demo_bg, "dab").slug == "dab"
    assert own_institution(demo_bg, "no-such-institution") is None
    assert own_institution(demo_bg, "") is None
    assert own_institution(demo_bg, "x" * 500) is None


def test_duties_of_the_readers_institution_come_first_and_are_found_on_a_step(demo_bg):
    step = next(
        s for s in demo_bg.steps.values() if len({r.institution.slug for r in s.responsibilities}) > 2
    )
    last = step.responsibilities[-1].institution
    ordered = own_first(step.responsibilities, last)
    assert is_own(ordered[0].institution, last)
    assert len(ordered) == len(step.responsibilities)
    assert own_part(step, last) and all(is_own(r.institution, last) for r in own_part(step, last))
    assert own_first(step.responsibilities, None) == step.responsibilities
    assert own_part(step, None) == []


def test_a_sub_unit_counts_as_part_of_its_parent(demo_bg):
    child = next(i for i in demo_bg.institutions.values() if i.parent is not None)
    assert is_own(child, child.parent)
    assert not is_own(child.parent, child)
