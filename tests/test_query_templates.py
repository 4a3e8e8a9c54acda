"""Query templates: what may be filled into the text of a named query, where Cypher takes no parameter."""

import pytest

import queries


def test_a_path_bound_is_rendered_from_an_integer_into_the_variable_length_pattern():
    text = queries.render("api/paths", max_length=4)
    assert "[*0..4]" in text and "{max_length}" not in text


@pytest.mark.parametrize("bad", ["4]-(b)) MATCH (n) DETACH DELETE n //", "4 ", "", True, 4.0, None])
def test_anything_but_an_identifier_or_an_integer_is_refused(bad):
    with pytest.raises(ValueError):
        queries.render("api/paths", max_length=bad)


def test_labels_and_type_alternatives_are_still_accepted():
    assert "Person" in queries.render("api/entity_list", label="Person")
