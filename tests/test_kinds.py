"""Page kinds in the index: each document stores its kind as a term to filter on and a column to count."""

from archive.engine.index import open_index
from archive.upkeep.build import build
from archive.upkeep.options import BuildOptions
from tests.test_extract import TAG_PAGE

OPTIONS = BuildOptions(max_bytes=1_000_000)
ARTICLE = ("Quận Sơn Trà khởi công cầu mới\nThứ ba, 06/02/2024, 09:00\n"
           "Sáng 6-2, UBND quận Sơn Trà khởi công cầu mới qua sông Hàn, dài 450 mét, dự kiến xong sau hai năm.\n")


def test_a_tag_page_is_indexed_with_its_kind(tmp_path, index_dir):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tag.txt").write_text(TAG_PAGE, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    build([folder], index_dir, OPTIONS)
    with open_index(index_dir).searcher() as searcher:
        kinds = {fields["path"]: fields["kind"] for fields in searcher.all_stored_fields()}
        tagged = [searcher.stored_fields(docnum)["path"] for docnum in searcher.document_numbers(kind="tag")]
        column = searcher.reader().column_reader("kind")
        counted = sorted(column[docnum] for docnum in range(searcher.doc_count_all()))
    assert kinds == {"tag.txt": "tag", "article.txt": "article"}
    assert tagged == ["tag.txt"]
    assert counted == ["article", "tag"]
