"""--learn-repeats: a site's boilerplate learned from its own documents, and its guards."""

import json

import pytest
from sites_corpus import SITES, documents, write_folders, write_jsonl
from typer.testing import CliRunner

import cleaner
from cleaner.cli import app
from cleaner.io.batch import Options, count_files, plan
from cleaner.pack.repeats import Counts, Learned, Settings, Wordings, line_key, normalize

BOILERPLATE = {line for site in SITES for line in (*site.head, *site.tail)}
QUOTES = {site.quote for site in SITES}


def run(*args):
    return CliRunner().invoke(app, list(map(str, args)))


def kept_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def docs():
    return documents()


def expected(doc):
    """What must come out: the default pack's output of the article without its boilerplate."""
    article = "\n".join(line for line in doc.text.split("\n") if line not in BOILERPLATE)
    return kept_lines(cleaner.clean(article).text)


def test_the_default_pack_alone_leaves_the_boilerplate(docs):
    left = {line for doc in docs for line in kept_lines(cleaner.clean(doc.text).text)}
    assert BOILERPLATE <= left
    assert QUOTES <= left


@pytest.mark.parametrize("jobs", [1, 2])
def test_folders_lose_every_boilerplate_line_and_keep_quotes_and_prose(docs, tmp_path, jobs):
    corpus = write_folders(tmp_path / "corpus", docs)
    out = tmp_path / "out"
    result = run(
        "clean", corpus, "--out", out, "--learn-repeats", "--jobs", jobs, "--report", tmp_path / "r.jsonl"
    )
    assert result.exit_code == 0, result.output
    for doc in docs:
        got = (out / doc.site.host / doc.name).read_text("utf-8")
        assert kept_lines(got) == expected(doc), doc.name
    assert sum(doc.site.quote in (out / doc.site.host / doc.name).read_text("utf-8") for doc in docs) == 9
    assert "  REP…  760 removals by 9 learned lines (760 lines" in result.output  # one summary line


def test_jobs_2_writes_what_jobs_1_writes(docs, tmp_path):
    corpus = write_folders(tmp_path / "corpus", docs)
    reports = []
    for jobs in (1, 2):
        report = tmp_path / f"r{jobs}.jsonl"
        assert (
            run(
                "clean",
                corpus,
                "--out",
                tmp_path / f"o{jobs}",
                "--learn-repeats",
                "-j",
                jobs,
                "--report",
                report,
            ).exit_code
            == 0
        )
        reports.append(
            [{k: v for k, v in json.loads(line).items() if k != "output"} for line in report.open()]
        )
    assert reports[0] == reports[1]
    for doc in docs:
        rel = f"{doc.site.host}/{doc.name}"
        assert (tmp_path / "o1" / rel).read_bytes() == (tmp_path / "o2" / rel).read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_json_lines_records_by_their_urls(docs, tmp_path, jobs):
    corpus = write_jsonl(tmp_path / "jsonl", docs)
    out = tmp_path / "out"
    assert (
        run("clean", corpus, "--glob", "*.jsonl", "--out", out, "--learn-repeats", "-j", jobs).exit_code == 0
    )
    for part in range(3):
        records = [json.loads(line) for line in (out / f"part{part}.jsonl").open(encoding="utf-8")]
        for record, doc in zip(records, docs[part::3], strict=True):
            assert kept_lines(record["text"]) == expected(doc)


def test_explain_and_report_give_each_learned_line_its_id_and_counts(docs, tmp_path):
    corpus = write_folders(tmp_path / "corpus", docs)
    result = run("clean", corpus, "--explain", "--learn-repeats", "--report", tmp_path / "r.jsonl")
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if "Printed on recycled paper" in x)
    assert line.endswith(
        " REP0001: Printed on recycled paper in Portsmouth  (repeated line: in 50 of 60 documents of harbour-gazette.example)"
    )
    removals = [r for line in (tmp_path / "r.jsonl").open() for r in json.loads(line)["removals"]]
    learned = [r for r in removals if r["rule"].startswith("REP")]
    assert {r["text"].strip() for r in learned} == BOILERPLATE
    assert all(r["reason"].startswith("repeated line: in ") for r in learned)


def counted(texts, site="s.example"):
    counts = Counts()
    for text in texts:
        counts.add(site, text)
    return counts


PEOPLE = ["Ana", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"]


def story(n):
    return f"{PEOPLE[n]} opened bakery number {n} on the main street of the old town."


def test_a_long_prose_line_needs_the_higher_share():
    prose = "This long paragraph of prose runs well past twelve words and is printed on many pages."
    texts = [f"{story(n)}\n{prose if n < 7 else ''}\nMenu of the site" for n in range(10)]
    learned = Learned.learn(counted(texts), Settings(min_share=0.5, prose_share=0.8, max_share=1.0))
    result = cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="s.example", learned=learned)
    assert kept_lines(result.text) == [story(0), prose]  # 7 of 10 < 0.8; the menu line goes
    learned = Learned.learn(counted(texts), Settings(min_share=0.5, prose_share=0.7, max_share=1.0))
    assert kept_lines(
        cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    ) == [story(0)]


def test_a_quote_a_few_articles_share_stays():
    quote = "“We stay,” she said."
    texts = [f"{story(n)}\n{quote if n < 6 else 'A short line'}" for n in range(10)]
    learned = Learned.learn(counted(texts), Settings(min_share=0.3))
    assert quote in cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    assert (
        "A short line"
        not in cleaner.clean(texts[9], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    )


def test_the_over_removal_guard_keeps_a_document_its_learned_lines():
    junk = ["Home of the Gazette", "Sections and services", "Contact the newsroom"]
    texts = ["\n".join(junk) + f"\n{story(n)} It opens at six." for n in range(5)] + [
        "\n".join(junk) + "\nTiny."
    ]
    learned = Learned.learn(counted(texts), Settings(max_share=0.5))
    got = cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="s.example", learned=learned)
    assert kept_lines(got.text) == [f"{story(0)} It opens at six."]
    assert kept_lines(
        cleaner.clean(texts[5], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    ) == [*junk, "Tiny."]


def test_sites_are_learned_apart_and_documents_without_a_site_together():
    texts = [f"{story(n)}\nKept by the Town Desk" for n in range(4)]
    counts = counted(texts[:2], "a.example")
    counts += counted(texts[2:], "b.example")
    counts += counted(texts, None)
    learned = Learned.learn(counts, Settings(min_docs=3))
    assert learned.sites["a.example"] == learned.sites["b.example"] == {}
    assert (
        cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="a.example", learned=learned).text.count("\n")
        == 2
    )
    assert cleaner.clean(texts[0], rules=cleaner.RuleSet(), learned=learned).text == story(0) + "\n"


def test_lines_are_counted_normalized_and_without_figures():
    assert normalize("ÉDITION  du 3 mai, 2024!") == normalize("edition du 9 mai 1999")
    assert line_key("12,99 €") is None and line_key("— 3 —") is None
    counts = counted(["Price: 12,99 €\nSee all", "Price: 13,49 €\nSee all"])
    assert sorted(counts.sites["s.example"].lines.values()) == [2, 2]


def test_counts_of_two_jobs_equal_those_of_one(docs, tmp_path):
    corpus = write_folders(tmp_path / "corpus", docs)
    tasks = plan([str(corpus)], write=False)
    assert count_files(tasks, Options(), jobs=2) == count_files(tasks, Options(), jobs=1)


def test_stdin_and_write_pack_alone_are_refused(tmp_path):
    assert "not -" in run("clean", "-", "--learn-repeats").output
    assert "pass --learn-repeats too" in run("clean", "-", "--write-pack", tmp_path).output


def test_write_pack_writes_tested_site_packs_that_clean_without_a_corpus(docs, tmp_path):
    corpus = write_folders(tmp_path / "corpus", docs)
    pack = tmp_path / "pack"
    result = run("clean", corpus, "--check", "--learn-repeats", "--write-pack", pack)
    assert result.exit_code == 1 and "learned rules for 3 sites" in result.output
    files = sorted(p.name for p in pack.iterdir())
    assert files == [
        "harbour-gazette.example.toml",
        "nordlicht-zeitung.example.toml",
        "вести-края.example.toml",
    ]
    assert 'sites = ["harbour-gazette.example"]' in (pack / files[0]).read_text("utf-8")
    tested = run("rules", "test", pack)
    assert tested.exit_code == 0, tested.output
    out = tmp_path / "out"
    assert run("clean", corpus, "--out", out, "--rules", pack).exit_code == 0  # no corpus needed now
    for doc in docs:
        assert kept_lines((out / doc.site.host / doc.name).read_text("utf-8")) == expected(doc)
    rules = cleaner.load_rules(pack, defaults=False)
    other = "Printed on recycled paper in Portsmouth\n" + story(1) + "\n"
    assert cleaner.clean(other, rules=rules, site="elsewhere.example").text == other  # scoped to its site
    assert cleaner.clean(other, rules=rules, site="harbour-gazette.example").text == story(1) + "\n"


def test_wordings_take_only_learned_lines():
    from cleaner.io.outcome import Doc, Outcome

    result = cleaner.clean("CGTN\nTalks.\n")
    wordings = Wordings()
    wordings.add(Outcome("a.txt", "changed", docs=(Doc.of(result),)))
    assert wordings.rules == {}


@pytest.mark.slow
def test_a_dask_cluster_learns_and_writes_what_a_local_run_does(docs, tmp_path):
    import distributed

    folders = write_folders(tmp_path / "corpus", docs)
    records = write_jsonl(tmp_path / "jsonl", docs)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, memory_limit="400MiB", dashboard_address=None
    ) as cluster:
        for source, glob in ((folders, "*.txt"), (records, "*.jsonl")):
            local, remote = tmp_path / f"local-{glob[2:]}", tmp_path / f"remote-{glob[2:]}"
            ran = run("clean", source, "--glob", glob, "--learn-repeats", "--out", local, "-j", 1)
            assert ran.exit_code == 0, ran.output
            scheduler = cluster.scheduler_address
            ran = run(
                "distributed",
                source,
                "--glob",
                glob,
                "--learn-repeats",
                "--out",
                remote,
                "--scheduler",
                scheduler,
            )
            assert ran.exit_code == 0, ran.output
            written = sorted(p.relative_to(local) for p in local.rglob(glob))
            assert written == sorted(p.relative_to(remote) for p in remote.rglob(glob)) and written
            for rel in written:
                assert (remote / rel).read_bytes() == (local / rel).read_bytes(), rel
            assert "REP…  760 removals by 9 learned lines" in ran.output


@pytest.mark.parametrize("form", ["folders", "jsonl"])
def test_mine_by_site_drafts_one_scoped_pack_per_site(docs, tmp_path, form):
    if form == "folders":
        corpus, glob = write_folders(tmp_path / "corpus", docs), "*.txt"
    else:
        corpus, glob = write_jsonl(tmp_path / "corpus", docs), "*.jsonl"
    drafts = tmp_path / "drafts"
    result = run("mine", corpus, "--glob", glob, "--by-site", "--out", drafts, "--min-share", "0.5")
    assert result.exit_code == 0, result.output
    assert "300 documents of 3 sites (0 without a site, 0 unreadable): 3 draft rule files" in result.output
    files = sorted(p.name for p in drafts.iterdir())
    assert files == [
        "harbour-gazette.example.toml",
        "nordlicht-zeitung.example.toml",
        "вести-края.example.toml",
    ]
    assert run("rules", "test", drafts).exit_code == 0
    rules = cleaner.load_rules(drafts)
    assert {rule.sites for rule in rules if rule.family != "titles" and rule.sites} == {
        ("harbour-gazette.example",),
        ("nordlicht-zeitung.example",),
        ("вести-края.example",),
    }
    for doc in docs:
        host = doc.site.host.lower().removeprefix("www.")
        assert kept_lines(cleaner.clean(doc.text, rules=rules, site=host).text) == expected(doc)
        assert (
            cleaner.clean(doc.text, rules=rules, site="elsewhere.example").text
            == cleaner.clean(doc.text).text
        )


def test_mine_by_site_needs_an_out_folder(tmp_path):
    assert "pass --out DIR" in run("mine", tmp_path, "--by-site").output


def test_only_a_pages_template_goes_not_repeats_inside_it():
    texts = [f"Site menu\n{story(n)}\nSpecifications\n{story(n)} Again.\nSite footer" for n in range(6)]
    texts[0] += "\nWeight:\n12 kg\nWeight:\n9 kg"  # a table's label, printed twice
    texts += [f"{story(n)}\nWeight:" for n in range(6, 10)]
    learned = Learned.learn(counted(texts), Settings(max_share=1.0))
    table = learned.sites["s.example"]
    assert all(line_key(line) in table for line in ("Site menu", "Specifications", "Site footer", "Weight:"))
    kept = kept_lines(
        cleaner.clean(texts[0], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    )
    assert kept == [
        story(0),
        "Specifications",
        f"{story(0)} Again.",
        "Site footer",
        "Weight:",
        "12 kg",
        "Weight:",
        "9 kg",
    ]
    kept = kept_lines(
        cleaner.clean(texts[1], rules=cleaner.RuleSet(), site="s.example", learned=learned).text
    )
    assert kept == [story(1), "Specifications", f"{story(1)} Again."]


def test_eval_learns_each_extractors_outputs_by_site():
    from cleaner.authoring.evaluate import Doc, evaluate

    def doc(n, extractor):
        text = f"Site menu\n{story(n)}"
        return Doc(str(n), extractor, text, ("junk", "content"), story(n), "s.example")

    docs = [doc(n, "x") for n in range(4)] + [doc(n, "y") for n in range(2)]
    assert evaluate(docs, cleaner.RuleSet()).overall.junk_removed == 0
    report = evaluate(docs, cleaner.RuleSet(), Settings(min_docs=3, max_share=1.0))
    assert report.by_extractor["x"].junk_removed == 1.0 and report.by_extractor["y"].junk_removed == 0
    assert report.overall.content_kept == 1.0 and report.by_rule["REP0001"].junk == 4


def test_eval_learns_each_folder_apart_in_text_and_html_mode(tmp_path):
    """Several folders and --html (main's interface) with --learn-repeats: each folder is
    its own corpus, and the pages' extracted texts are one corpus grouped by site."""
    footer = "Harbour Gazette delivers the local news every single morning"
    folders = []
    for name, pages in (("five", 5), ("two", 2)):
        folder = tmp_path / name
        (folder / "html").mkdir(parents=True)
        with (folder / "pages.jsonl").open("w") as p, (folder / "docs.jsonl").open("w") as d:
            for n in range(pages):
                html = f"<html><body><article><p>{story(n)}</p><p>{footer}</p></article></body></html>"
                (folder / "html" / f"p{n}.html").write_text(html, encoding="utf-8")
                page = {"id": str(n), "site": "harbour.example", "truth": story(n), "html": f"html/p{n}.html"}
                p.write(json.dumps({**page, "with": [story(n)], "without": [footer]}) + "\n")
                doc = {
                    "id": str(n),
                    "extractor": "x",
                    "text": f"{story(n)}\n{footer}",
                    "labels": ["content", "junk"],
                }
                d.write(json.dumps(doc) + "\n")
        folders.append(folder)
    args = ["eval", *folders, "--html", "--json", "--no-default-rules"]
    plain, learned = run(*args), run(*args, "--learn-repeats", "--min-docs", 3)
    assert plain.exit_code == learned.exit_code == 0, learned.output
    before, after = json.loads(plain.stdout), json.loads(learned.stdout)
    five, two = str(folders[0]), str(folders[1])
    assert set(after) == {five, two} and set(after[five]) == {"text", "html"}
    assert before[five]["text"]["overall"]["junk_removed"] == 0
    assert after[five]["text"]["overall"]["junk_removed"] == 1.0  # five pages: the footer is learned
    assert after[five]["text"]["overall"]["content_kept"] == 1.0
    assert after[five]["html"]["cleaner"]["without_removed"] == 1.0
    assert after[five]["html"]["cleaner"]["with_kept"] == 1.0
    assert after[five]["html"]["by_rule"] == {"REP0001": {"with_lost": 0, "without_removed": 5}}
    assert after[two] == before[two]  # two pages are fewer than --min-docs: nothing learned there


@pytest.mark.parametrize("jobs", [1, 2])
def test_html_pages_learn_their_sites_footer_from_the_extracted_text(tmp_path, jobs):
    """HTML files: the corpus is each page's extracted article, grouped by the page's site
    (its canonical link), so a footer every page of a site repeats goes."""
    footer = "Harbour Gazette delivers the local news every single morning"
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(4):
        canonical = f'<link rel="canonical" href="https://harbour.example/{n}">'
        body = f"<article><p>{story(n)}</p><p>{footer}</p></article>"
        (folder / f"p{n}.html").write_text(f"<html><head>{canonical}</head><body>{body}</body></html>", encoding="utf-8")
    out = tmp_path / "out"
    result = run("clean", folder, "--glob", "*.html", "--out", out, "--learn-repeats", "--no-default-rules", "-j", jobs)
    assert result.exit_code == 0, result.output
    for n in range(4):
        cleaned = (out / f"p{n}.txt").read_text(encoding="utf-8")  # the article as text
        assert story(n) in cleaned and footer not in cleaned


def test_a_glob_source_on_dask_gives_each_file_its_folders_site(docs, tmp_path):
    from cleaner.io.distributed import plan_sources

    corpus = write_folders(tmp_path / "corpus", docs)
    globbed = plan_sources([f"{corpus}/**/*.txt"], str(tmp_path / "out"))
    walked = plan_sources([str(corpus)], str(tmp_path / "out"))
    assert [(str(t.src), t.site) for t in globbed] == [(str(t.src), t.site) for t in walked]
    assert {t.site for t in globbed} == {
        "harbour-gazette.example",
        "nordlicht-zeitung.example",
        "вести-края.example",
    }
    mapped = plan_sources([f"{corpus}/**/*.txt"], str(tmp_path / "out"), folders=[("harbour*", "hg.example")])
    assert mapped[0].site == "hg.example"
