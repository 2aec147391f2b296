"""`make mutation` judges each mutant with the templates as they are now, not as mutmut first copied them."""

from egov_report.tools import mutation


def _project(tmp_path):
    root = tmp_path / "project"
    (root / "src" / "pkg" / "templates").mkdir(parents=True)
    (root / "src" / "pkg" / "templates" / "part.html.j2").write_text("new wording", encoding="utf-8")
    (root / "src" / "pkg" / "code.py").write_text("x = 1\n", encoding="utf-8")
    (root / "src" / "pkg" / "style.css").write_text("p {}", encoding="utf-8")
    return root


def test_a_changed_template_is_copied_and_python_files_are_left_to_mutmut(tmp_path, monkeypatch):
    root = _project(tmp_path)
    mutants = root / "mutants"
    (mutants / "src" / "pkg" / "templates").mkdir(parents=True)
    (mutants / "src" / "pkg" / "templates" / "part.html.j2").write_text("old wording", encoding="utf-8")
    (mutants / "src" / "pkg" / "code.py").write_text("x = 2  # a mutant\n", encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", root)
    monkeypatch.setattr(mutation, "MUTANTS", mutants)

    copied = mutation.refresh_package_data()

    assert sorted(p.relative_to(mutants).as_posix() for p in copied) == [
        "src/pkg/style.css",  # new since mutmut's copy
        "src/pkg/templates/part.html.j2",  # changed since
    ]
    assert (mutants / "src" / "pkg" / "templates" / "part.html.j2").read_text(encoding="utf-8") == "new wording"
    assert (mutants / "src" / "pkg" / "code.py").read_text(encoding="utf-8") == "x = 2  # a mutant\n"
    assert mutation.refresh_package_data() == []  # nothing changed since


def test_before_mutmut_s_first_run_nothing_is_copied(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.setattr(mutation, "ROOT", root)
    monkeypatch.setattr(mutation, "MUTANTS", root / "mutants")
    assert mutation.refresh_package_data() == []
    assert not (root / "mutants").exists()
