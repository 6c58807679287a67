from pathlib import Path

from pipeline.archive import WarcArchive, iter_responses, read_response


def test_responses_are_read_back_by_offset_and_files_rotate(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_file_bytes=1) as archive:
        first = archive.write("http://s.test/a", 200, "OK", [("Content-Type", "text/html")], b"<p>a</p>")
        second = archive.write("http://s.test/b", 404, "Not Found", [], b"missing")
    assert first.warc_file != second.warc_file
    back = read_response(tmp_path / second.warc_file, second.offset)
    assert (back.url, back.status, back.body) == ("http://s.test/b", 404, b"missing")
    assert [r.url for _, r in iter_responses(tmp_path / first.warc_file)] == ["http://s.test/a"]


def test_many_records_in_one_file_keep_distinct_offsets(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        locations = [archive.write(f"http://s.test/{i}", 200, "OK", [], str(i).encode()) for i in range(5)]
    assert len({loc.warc_file for loc in locations}) == 1
    for i, loc in enumerate(locations):
        assert read_response(tmp_path / loc.warc_file, loc.offset).body == str(i).encode()
